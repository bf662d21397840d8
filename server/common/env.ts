/** A JSON object from an environment variable (a configuration override), or undefined when unset. */
export function jsonEnv<T>(env: NodeJS.ProcessEnv, name: string): Partial<T> | undefined {
  const text = env[name];
  if (!text) return undefined;
  try {
    return JSON.parse(text) as Partial<T>;
  } catch (e) {
    throw new Error(`环境变量 ${name} 不是有效的 JSON：${(e as Error).message}`);
  }
}
