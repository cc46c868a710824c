export function runExtensionTests(options: { workspace: string; env?: Record<string, string> }): Promise<number>;
