import { useQuery } from '@tanstack/react-query';
import { type KeyboardEvent, type Ref, type TextareaHTMLAttributes, useId, useRef, useState } from 'react';
import { getData } from '../api/api-client.ts';
import type { Invitation, Member } from '../api/types.ts';

/** At most this many names in the list; typing more of the name narrows it. */
const MAX_SHOWN = 8;

/** The `@…` being typed just before the caret: where its `@` is and what follows it. */
export function mentionAt(text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(0, caret);
  const at = before.lastIndexOf('@');
  if (at < 0) return null;
  // An @ inside a word (an email address) is not a mention.
  if (at > 0 && !/\s/.test(before[at - 1]!)) return null;
  const query = before.slice(at + 1);
  if (query.length > 60 || /[\n@]/.test(query)) return null;
  return { start: at, query };
}

/** Members whose name, or a word of it, starts with what was typed (case-insensitive). */
export function matchingMembers(members: Member[], query: string): Member[] {
  const q = query.toLowerCase();
  return members
    .filter((m) => m.name.trim() !== '')
    .filter((m) => {
      const name = m.name.toLowerCase();
      return name.startsWith(q) || name.split(/\s+/).some((word) => word.startsWith(q));
    })
    .slice(0, MAX_SHOWN);
}

/**
 * The comment box with @-mentions: typing `@` lists the organization's members (the team's own
 * member list, which portal users cannot read, so the list is only offered to members), ↑/↓ move,
 * Enter or Tab insert `@Full Name`, Escape closes. The server mentions a member whose
 * `@name` appears in a member's comment (docs/notifications.md, "Who receives what"), so the
 * inserted text is exactly what it looks for.
 */
export function MentionTextarea(
  props: {
    ref?: Ref<HTMLTextAreaElement>;
    value: string;
    onValueChange: (value: string) => void;
    /** Offer the list (team members only). */
    mentions: boolean;
  } & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'value' | 'onChange' | 'ref'>,
) {
  const { ref, value, onValueChange, mentions, onKeyDown, ...rest } = props;
  const own = useRef<HTMLTextAreaElement | null>(null);
  const listId = useId();
  const [open, setOpen] = useState<{ start: number; query: string } | null>(null);
  const [active, setActive] = useState(0);
  const team = useQuery({
    queryKey: ['members'],
    queryFn: () => getData<{ members: Member[]; invitations: Invitation[] }>('/members'),
    enabled: mentions,
    staleTime: 60_000,
  });
  const options = open ? matchingMembers(team.data?.members ?? [], open.query) : [];
  const showing = open !== null && options.length > 0;

  const track = (text: string, caret: number) => {
    if (!mentions) return;
    const next = mentionAt(text, caret);
    setOpen(next);
    if (next?.query !== open?.query) setActive(0);
  };

  const pick = (member: Member) => {
    const el = own.current;
    if (!open || !el) return;
    const caret = el.selectionStart ?? value.length;
    const inserted = `@${member.name} `;
    const next = value.slice(0, open.start) + inserted + value.slice(caret);
    onValueChange(next);
    setOpen(null);
    const at = open.start + inserted.length;
    requestAnimationFrame(() => {
      el.focus();
      el.setSelectionRange(at, at);
    });
  };

  const keyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (showing) {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        const step = e.key === 'ArrowDown' ? 1 : -1;
        setActive((i) => (i + step + options.length) % options.length);
        return;
      }
      if ((e.key === 'Enter' && !e.ctrlKey && !e.metaKey) || e.key === 'Tab') {
        e.preventDefault();
        const member = options[Math.min(active, options.length - 1)];
        if (member) pick(member);
        return;
      }
      if (e.key === 'Escape') {
        e.preventDefault();
        e.stopPropagation();
        setOpen(null);
        return;
      }
    }
    onKeyDown?.(e);
  };

  return (
    <div className="mention-box">
      <textarea
        {...rest}
        ref={(el) => {
          own.current = el;
          if (typeof ref === 'function') ref(el);
          else if (ref) ref.current = el;
        }}
        value={value}
        aria-autocomplete={mentions ? 'list' : undefined}
        aria-controls={showing ? listId : undefined}
        aria-activedescendant={showing ? `${listId}-${active}` : undefined}
        onChange={(e) => {
          onValueChange(e.target.value);
          track(e.target.value, e.target.selectionStart ?? e.target.value.length);
        }}
        onSelect={(e) => track(e.currentTarget.value, e.currentTarget.selectionStart ?? 0)}
        onBlur={() => setOpen(null)}
        onKeyDown={keyDown}
      />
      {showing ? (
        <div className="mention-list" id={listId} role="listbox" aria-label="Mention a team member">
          {options.map((m, i) => (
            <div
              key={m.user_id}
              id={`${listId}-${i}`}
              role="option"
              // The focus stays in the comment box (aria-activedescendant names the choice).
              tabIndex={-1}
              aria-selected={i === active}
              className={i === active ? 'is-active' : undefined}
              // Before the textarea's blur closes the list.
              onMouseDown={(e) => {
                e.preventDefault();
                pick(m);
              }}
            >
              <span>{m.name}</span> <span className="muted small">{m.email}</span>
            </div>
          ))}
        </div>
      ) : null}
    </div>
  );
}
