import { issueSentence } from '@preroll/contracts/issue-sentences';
import type { z } from 'zod';
import { badRequest } from '../lib/errors.ts';

/**
 * Parses request input with a zod schema. The first problem becomes a 400 whose code names the
 * field and whose message is a sentence (contracts `issue-sentences.ts`), so clients can put the
 * message next to the right input:
 * `invalid_<field>` for a wrong or missing value, `unknown_field_<field>` for an unexpected key,
 * or the rule's own code with `field` in the details (`nul_character`, `weak_password`).
 */
export function parseInput<S extends z.ZodType>(
  schema: S,
  input: unknown,
  where: 'body' | 'query' | 'params' = 'body',
): z.infer<S> {
  const result = schema.safeParse(input ?? (where === 'body' ? undefined : {}));
  if (result.success) return result.data;
  const issues = result.error.issues;
  // A rule with its own stable code (contracts: `nul_character`, `weak_password`) names the
  // problem better than a generic issue on the same input (a NUL email is also "not an email").
  const issue = issues.find((i) => typeof codeOf(i) === 'string') ?? issues[0]!;
  const ruleCode = codeOf(issue);
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? 'field';
    const field = [...issue.path, key].join('.');
    throw badRequest(`unknown_field_${snake(field)}`, `Unknown field "${field}" in the ${where}.`, { field });
  }
  if (issue.path.length === 0) {
    throw badRequest(
      `invalid_${where}`,
      `The ${where} must be ${where === 'body' ? 'a JSON object' : 'valid'}: ${issue.message}`,
    );
  }
  const field = issue.path.join('.');
  throw badRequest(ruleCode ?? `invalid_${snake(field)}`, issueSentence(issue), { field });
}

function codeOf(issue: z.core.$ZodIssue): string | undefined {
  if (issue.code !== 'custom') return undefined;
  const code = issue.params?.code;
  return typeof code === 'string' ? code : undefined;
}

function snake(path: string): string {
  return path.replace(/[^a-zA-Z0-9]+/g, '_').toLowerCase();
}
