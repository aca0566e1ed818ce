import {
  BicepEvaluator,
  type BicepObject,
  type BicepValue,
  isObject,
} from './bicep-evaluator.js';
import {
  type BicepFile,
  type BicepResource,
  objectProperties,
  stringLiteral,
} from './bicep-file.js';
import { parseBicep } from './bicep-parser.js';

/** The handle backends `handleBackend` allows; the deployment differs between them. */
export const HANDLE_BACKENDS = ['signed', 'redis'] as const;

/**
 * The web app as `azd provision` would deploy it for one handle backend: main.bicep evaluated with
 * its defaults, the web module evaluated with what main.bicep passes it.
 */
export class WebDeployment {
  private constructor(
    readonly main: BicepFile,
    readonly web: BicepFile,
    /** Evaluates expressions of the web module with main.bicep's arguments bound. */
    readonly evaluator: BicepEvaluator,
  ) {}

  /** Loads infra/main.bicep and the module that declares the site. */
  static async load(
    handleBackend: (typeof HANDLE_BACKENDS)[number],
  ): Promise<WebDeployment> {
    const main = await parseBicep('infra/main.bicep');
    for (const module of main.modules) {
      const file = await parseBicep(`infra/${module.path}`);
      if (file.resourcesOfType('Microsoft.Web/sites').length === 0) continue;
      const args = new BicepEvaluator(main, { handleBackend }).evaluate(
        objectProperties(module.body).get('params')!,
      );
      if (!isObject(args))
        throw new Error('the web module params are not an object literal');
      return new WebDeployment(main, file, new BicepEvaluator(file, args));
    }
    throw new Error(
      'no module of infra/main.bicep declares a Microsoft.Web/sites resource',
    );
  }

  /** The production site (the one `Microsoft.Web/sites`). */
  get site(): BicepResource {
    return only(
      this.web.resourcesOfType('Microsoft.Web/sites'),
      'Microsoft.Web/sites',
    );
  }

  /** The staging slot (the one `Microsoft.Web/sites/slots`). */
  get slot(): BicepResource {
    return only(
      this.web.resourcesOfType('Microsoft.Web/sites/slots'),
      'Microsoft.Web/sites/slots',
    );
  }

  /** A top-level property of a resource body, evaluated. */
  property(resource: BicepResource, name: string): BicepValue | undefined {
    const node = objectProperties(resource.body).get(name);
    return node ? this.evaluator.evaluate(node) : undefined;
  }

  /** The child resources of `parent` (declared with `parent: <symbol>`), by their `name`. */
  children(parent: BicepResource, type: string): Map<string, BicepResource> {
    const found = new Map<string, BicepResource>();
    for (const resource of this.web.resourcesOfType(type)) {
      const props = objectProperties(resource.body);
      const name = props.get('name');
      if (props.get('parent')?.text === parent.symbol && name)
        found.set(stringLiteral(name) ?? '', resource);
    }
    return found;
  }

  /** App settings of the site or the slot: the properties of its `appsettings` config resource. */
  appSettings(owner: BicepResource): BicepObject {
    const type =
      owner.type === 'Microsoft.Web/sites'
        ? 'Microsoft.Web/sites/config'
        : 'Microsoft.Web/sites/slots/config';
    const config = this.children(owner, type).get('appsettings');
    const settings = config && this.property(config, 'properties');
    if (!settings || !isObject(settings))
      throw new Error(`no evaluable appsettings for ${owner.symbol}`);
    return settings;
  }
}

function only(resources: BicepResource[], type: string): BicepResource {
  if (resources.length !== 1)
    throw new Error(`expected exactly one ${type}, found ${resources.length}`);
  return resources[0];
}
