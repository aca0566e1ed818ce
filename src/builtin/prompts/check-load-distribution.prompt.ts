import { Injectable } from '@nestjs/common';
import {
  McpPrompt,
  type McpPromptHandler,
  McpStatus,
  PromptArgumentError,
} from '../../index.js';

/**
 * Walks a model through checking the deployment: `whoami` shows how requests spread over the
 * instances, and `tally` (when this server has it) shows that state survives the hops because it
 * travels in the handle, not in any instance.
 */
@McpPrompt({
  name: 'check_load_distribution',
  title: 'Check load distribution',
  description:
    'Instructions to verify that requests spread over the App Service instances (whoami) and that state survives moving between them (tally).',
  arguments: [
    {
      name: 'calls',
      description: 'How many calls to make, 1 to 100 (default 10)',
      completions: ['5', '10', '20', '50'],
    },
  ],
})
@Injectable()
export class CheckLoadDistributionPrompt implements McpPromptHandler<{
  calls?: string;
}> {
  constructor(private readonly status: McpStatus) {}

  get({ calls = '10' }: { calls?: string }): string {
    const n = /^\s*\d{1,3}\s*$/.test(calls) ? Number(calls) : NaN;
    if (!(n >= 1 && n <= 100))
      throw new PromptArgumentError(
        'calls must be an integer from 1 to 100',
        'calls',
      );
    const steps = [
      `Call the whoami tool ${n} times, one call after another, and note the instance_id of every answer.`,
      'Report how the calls spread: a table of instance_id, number of calls and share of the total.',
    ];
    if (this.status.tools().some((tool) => tool.name === 'tally')) {
      steps.push(
        `Call the tally tool without a handle, then ${n - 1} more times, each time passing back the latest handle. ` +
          `Report the final total (it must be ${n}) and which instance served each call: the count stays right across ` +
          'instances because the state travels in the handle, not in the server.',
      );
    }
    steps.push(
      'Conclude whether the load is balanced. If every call reached one instance, say what to check: ' +
        'the number of instances of the App Service plan, and that client affinity (the ARR affinity cookie) is off.',
    );
    return `Check how this MCP server distributes requests.\n\n${steps.map((s, i) => `${i + 1}. ${s}`).join('\n')}`;
  }
}
