import { DOMParser, type Element, onErrorStopParsing } from '@xmldom/xmldom';
import { MarkerParseError } from '../marker-types.ts';

// XML marker files are read with @xmldom/xmldom (a W3C DOM parser, no native code, no network:
// it never fetches a DTD or expands external entities). Any well-formedness error stops parsing.

export function parseXmlRoot(text: string, rootName: string, label: string): Element {
  let root: Element | null;
  try {
    const doc = new DOMParser({ onError: onErrorStopParsing }).parseFromString(text, 'text/xml');
    root = doc.documentElement;
  } catch (err) {
    throw new MarkerParseError(`This is not a readable ${label} file: ${firstLine((err as Error).message)}`);
  }
  if (!root || root.nodeName !== rootName) {
    throw new MarkerParseError(
      `This is not ${label}: its root element is <${root?.nodeName ?? 'none'}>, expected <${rootName}>`,
    );
  }
  return root;
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.slice(0, 200);
}

export function childElements(el: Element, name?: string): Element[] {
  const out: Element[] = [];
  for (let node = el.firstChild; node; node = node.nextSibling) {
    if (node.nodeType === 1 && (name === undefined || node.nodeName === name)) out.push(node as Element);
  }
  return out;
}

export function firstChild(el: Element, name: string): Element | undefined {
  return childElements(el, name)[0];
}

/** The text of a child element, trimmed; undefined when there is no such child. */
export function childText(el: Element, name: string): string | undefined {
  const child = firstChild(el, name);
  return child ? (child.textContent ?? '').trim() : undefined;
}

export function descendants(el: Element, name: string): Element[] {
  return Array.from(el.getElementsByTagName(name));
}

export function attr(el: Element, name: string): string | undefined {
  return el.hasAttribute(name) ? (el.getAttribute(name) ?? undefined) : undefined;
}
