import type { z } from 'zod';

/**
 * The one place a zod issue becomes a sentence a person reads next to the field they typed in
 * ("Name can't be longer than 200 characters"), instead of schema text ("Too big: expected string
 * to have <=200 characters"). The server's `parseInput` puts this sentence in every 400 it
 * answers for bad input, so every form of the web app shows it without its own wording.
 */
export function issueSentence(issue: z.core.$ZodIssue): string {
  const label = fieldLabel(issue.path);
  switch (issue.code) {
    case 'too_big':
      if (issue.origin === 'string')
        return `${label} can't be longer than ${count(issue.maximum, 'character')}.`;
      if (issue.origin === 'array' || issue.origin === 'set')
        return `${label} can't have more than ${count(issue.maximum, 'item')}.`;
      return `${label} can't be more than ${String(issue.maximum)}.`;
    case 'too_small':
      if (issue.origin === 'string')
        return Number(issue.minimum) <= 1
          ? `${label} can't be empty.`
          : `${label} must be at least ${count(issue.minimum, 'character')}.`;
      if (issue.origin === 'array' || issue.origin === 'set')
        return `${label} needs at least ${count(issue.minimum, 'item')}.`;
      return `${label} can't be less than ${String(issue.minimum)}.`;
    case 'invalid_format':
      return `${label} must be ${FORMAT_WORDS[issue.format] ?? 'in the expected format'}.`;
    case 'invalid_type':
      // A field refused outright (z.never) carries its own explanation.
      if (issue.expected === 'never') return sentence(issue.message);
      if (issue.input === undefined) return `${label} is required.`;
      return `${label} must be ${TYPE_WORDS[issue.expected] ?? `a ${issue.expected}`}.`;
    case 'invalid_value':
      return `${label} must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}.`;
    case 'unrecognized_keys':
      return `${fieldLabel([...issue.path, issue.keys[0] ?? 'field'])} is not a field this form accepts.`;
    default:
      // Refinements carry their own wording ("must contain something other than spaces").
      return `${label} ${issue.message.replace(/\.$/, '')}.`;
  }
}

const FORMAT_WORDS: Record<string, string> = {
  email: 'an email address',
  url: 'a web address (https://…)',
  uuid: 'an id',
  datetime: 'a date and time',
  date: 'a date (YYYY-MM-DD)',
  regex: 'in the expected format',
};

const TYPE_WORDS: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'yes or no',
  object: 'an object',
  array: 'a list',
};

function count(n: number | bigint, unit: string): string {
  return `${String(n)} ${unit}${Number(n) === 1 ? '' : 's'}`;
}

/** `contact_email` → "Contact email"; `metadata.filename` → "Filename"; the whole input → "The input". */
export function fieldLabel(path: readonly PropertyKey[]): string {
  const last = [...path].reverse().find((p) => typeof p === 'string');
  if (typeof last !== 'string') return 'The input';
  const words = last.replace(/_/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function sentence(message: string): string {
  const trimmed = message.trim().replace(/\.$/, '');
  return `${trimmed.charAt(0).toUpperCase()}${trimmed.slice(1)}.`;
}
