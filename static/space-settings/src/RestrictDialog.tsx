import { useEffect, useId, useRef, useState, type CSSProperties, type FormEvent, type RefObject, type SyntheticEvent } from 'react';
import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import Textfield from '@atlaskit/textfield';
import { token } from '@atlaskit/tokens';
import { count, listOf } from '../../common/format';
import { labelText, plainList, prose, row, smallText, stack, subtleText } from '../../common/styles';
import { parseGroupNames } from './findings';

/** Titles listed in the dialog before "and N more". */
const LISTED = 8;

export interface RestrictDialogProps {
  /** The pages to restrict: id → title. Null when the dialog is closed. */
  items: ReadonlyMap<string, string> | null;
  /** Groups that count as everyone (adding one would leave the pages open). */
  broadGroups: readonly string[];
  /** Named groups that can see the space now, offered as examples. */
  spaceGroups: readonly string[];
  /** The button that opened the dialog: it is placed next to it and focus goes back to it. */
  anchor: RefObject<HTMLElement>;
  /** Set while restricting: "Done 100 of 250". */
  progress: string | null;
  /** Why the last attempt changed nothing (the dialog stays open to show it). */
  error: string | null;
  onCancel: () => void;
  onConfirm: (groups: string[]) => void;
}

/**
 * The confirmation before restricting pages: what will happen in plain words, the groups that keep access, and
 * an explicit "Restrict" button. A native modal `<dialog>`: the browser keeps focus inside it, makes the page
 * behind it inert and closes it with Escape. Forge grows the iframe to fit its content, so a dialog centred in
 * the frame could open far off screen; it opens next to the button that opened it instead.
 */
export function RestrictDialog({ items, broadGroups, spaceGroups, anchor, progress, error, onCancel, onConfirm }: RestrictDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const open = items !== null;
  const busy = progress !== null;
  const titleId = useId();
  const descriptionId = useId();
  const fieldId = useId();
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    const dialog = ref.current;
    if (dialog === null) return;
    if (open && !dialog.open) {
      const top = (anchor.current?.getBoundingClientRect().top ?? 0) + window.scrollY;
      dialog.style.setProperty('--sc-dialog-top', `${Math.max(8, Math.round(top - 24))}px`);
      dialog.showModal();
    } else if (!open && dialog.open) {
      dialog.close();
      anchor.current?.focus();
    }
  }, [open, anchor]);

  const onCancelEvent = (event: SyntheticEvent) => {
    // Escape: never close half way through restricting.
    event.preventDefault();
    if (!busy) onCancel();
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const parsed = parseGroupNames(text, broadGroups);
    setProblem(parsed.problem);
    if (parsed.problem !== null) {
      document.getElementById(fieldId)?.focus();
      return;
    }
    onConfirm(parsed.groups);
  };

  const n = items?.size ?? 0;
  const titles = items === null ? [] : [...items.values()];
  const suggestions = spaceGroups.filter((g) => !broadGroups.some((b) => b.toLowerCase() === g.toLowerCase()));
  const what = count(n, 'page or blog post', 'pages and blog posts');

  return (
    <dialog ref={ref} className="sc-dialog" aria-labelledby={titleId} aria-describedby={descriptionId} onCancel={onCancelEvent}>
      {open && (
        <form onSubmit={submit} noValidate style={{ ...stack('space.200'), padding: token('space.300', '24px') }}>
          <Heading as="h2" size="medium" id={titleId}>
            Restrict {what}?
          </Heading>
          <div id={descriptionId} style={stack('space.100')}>
            <p style={prose}>
              Only you and the groups you add will be able to see {n === 1 ? 'this page' : 'these pages'} and any pages below {n === 1 ? 'it' : 'them'}.
              Everyone else will lose access straight away.
            </p>
            <p style={{ ...prose, ...subtleText }}>You can change or remove a restriction later from the page’s Restrictions settings.</p>
          </div>

          <div style={stack('space.050')}>
            <Heading as="h3" size="xsmall">
              You are restricting
            </Heading>
            <ul style={{ ...plainList, ...listStyle }}>
              {titles.slice(0, LISTED).map((title, i) => (
                <li key={`${i}-${title}`}>{title}</li>
              ))}
              {titles.length > LISTED && <li style={subtleText}>and {count(titles.length - LISTED, 'other')}</li>}
            </ul>
          </div>

          <div style={{ ...stack('space.075'), ...(problem !== null ? errorBorder : {}) }}>
            <label htmlFor={fieldId} style={labelText}>
              Groups that should still see {n === 1 ? 'it' : 'them'} (optional)
            </label>
            <p id={`${fieldId}-hint`} style={{ ...prose, ...subtleText }}>
              Separate group names with commas.
              {suggestions.length > 0 &&
                ` Groups that can see this space now: ${listOf(suggestions.slice(0, 6))}${suggestions.length > 6 ? ' and others' : ''}.`}{' '}
              If you add none, only you will be able to see {n === 1 ? 'it' : 'them'}.
            </p>
            {problem !== null && (
              <p id={`${fieldId}-error`} style={errorText}>
                <span className="sc-visually-hidden">Error: </span>
                {problem}
              </p>
            )}
            <Textfield
              id={fieldId}
              value={text}
              onChange={(e) => setText(e.currentTarget.value)}
              isInvalid={problem !== null}
              isDisabled={busy}
              aria-describedby={`${fieldId}-hint${problem !== null ? ` ${fieldId}-error` : ''}`}
              autoComplete="off"
              spellCheck={false}
            />
          </div>

          <p role="status" style={smallText}>
            {progress ?? ''}
          </p>
          <div role="alert">
            {error !== null && (
              <p style={{ ...prose, ...errorText }}>
                <span className="sc-visually-hidden">Error: </span>
                Nothing was restricted. {error}
              </p>
            )}
          </div>

          <div style={{ ...row('space.100'), justifyContent: 'flex-end' }}>
            <Button appearance="subtle" onClick={onCancel} isDisabled={busy}>
              Cancel
            </Button>
            <Button type="submit" appearance="primary" isLoading={busy}>
              {`Restrict ${what}`}
            </Button>
          </div>
        </form>
      )}
    </dialog>
  );
}

const listStyle: CSSProperties = {
  ...stack('space.025'),
  paddingInlineStart: token('space.150', '12px'),
  borderInlineStart: `${token('border.width.selected', '2px')} solid ${token('color.border', '#0B120E24')}`,
};
const errorText: CSSProperties = { margin: 0, color: token('color.text.danger', '#AE2E24'), fontWeight: token('font.weight.semibold', '600') };
const errorBorder: CSSProperties = {
  borderInlineStart: `${token('border.width.selected', '2px')} solid ${token('color.border.danger', '#E2483D')}`,
  paddingInlineStart: token('space.150', '12px'),
};
