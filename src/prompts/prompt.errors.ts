/**
 * Thrown by a prompt handler for an argument value it cannot use (an unknown topic, say): answered
 * -32602 with this message and `data.argument`
 * (https://modelcontextprotocol.io/specification/2026-07-28/server/prompts#error-handling). Put
 * nothing in the message you would not show a user.
 */
export class PromptArgumentError extends Error {
  override readonly name = 'PromptArgumentError';

  constructor(
    message: string,
    /** The offending argument. */
    readonly argument?: string,
  ) {
    super(message);
  }
}

/** Boot-time failure of the prompt registry: duplicate or invalid names, bad arguments. */
export class PromptDefinitionError extends Error {
  override readonly name = 'PromptDefinitionError';
}
