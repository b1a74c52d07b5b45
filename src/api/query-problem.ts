// A rejected query string, in one line that names the parameter: "top: must be at most 100000".
import type { z } from 'zod';

export function queryProblem(error: z.ZodError): string {
  const problem = error.issues[0]!;
  return `${problem.path.join('.') || 'query'}: ${problem.message}`;
}
