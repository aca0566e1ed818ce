/** Injection token of the `TaskBackendChoice` made at boot (status page, readiness). */
export const TASK_BACKEND = Symbol('TASK_BACKEND');
/** Injection token of this process's owner id for the tasks it runs. */
export const TASK_OWNER = Symbol('TASK_OWNER');
