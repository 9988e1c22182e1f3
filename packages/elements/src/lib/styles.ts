import { css } from 'lit';

/**
 * Design tokens every element reads. Hosts theme Furrow by setting these custom properties on
 * any ancestor (they inherit through shadow roots) and by styling `::part()`s. Defaults give
 * a readable light theme with no host CSS; `docs/theming.md` shows a dark preset.
 *
 * | token | default | what |
 * |---|---|---|
 * | `--furrow-color-primary` | `#1f6f3f` | buttons, links, focus |
 * | `--furrow-color-on-primary` | `#ffffff` | text on primary |
 * | `--furrow-color-surface` | `#ffffff` | cards, panels |
 * | `--furrow-color-background` | `transparent` | element background |
 * | `--furrow-color-text` | `#1b1f1c` | body text |
 * | `--furrow-color-muted` | `#4d5750` | secondary text |
 * | `--furrow-color-border` | `#c9d1cb` | borders |
 * | `--furrow-color-danger` | `#a4161a` | errors |
 * | `--furrow-color-success` | `#1f6f3f` | success, earned |
 * | `--furrow-color-warning` | `#8a5a00` | test mode, offline |
 * | `--furrow-radius` | `8px` | corner radius |
 * | `--furrow-space` | `8px` | base spacing unit |
 * | `--furrow-font-family` | `system-ui, 'Noto Sans', 'Noto Sans Devanagari', sans-serif` | text |
 * | `--furrow-font-size` | `1rem` | base size |
 * | `--furrow-focus-ring` | `3px solid #f0a500` | visible focus |
 */
export const tokens = css`
  :host {
    --_primary: var(--furrow-color-primary, #1f6f3f);
    --_on-primary: var(--furrow-color-on-primary, #ffffff);
    --_surface: var(--furrow-color-surface, #ffffff);
    --_background: var(--furrow-color-background, transparent);
    --_text: var(--furrow-color-text, #1b1f1c);
    --_muted: var(--furrow-color-muted, #4d5750);
    --_border: var(--furrow-color-border, #c9d1cb);
    --_danger: var(--furrow-color-danger, #a4161a);
    --_success: var(--furrow-color-success, #1f6f3f);
    --_warning: var(--furrow-color-warning, #8a5a00);
    --_radius: var(--furrow-radius, 8px);
    --_space: var(--furrow-space, 8px);
    --_focus: var(--furrow-focus-ring, 3px solid #f0a500);
    display: block;
    box-sizing: border-box;
    color: var(--_text);
    background: var(--_background);
    font-family: var(--furrow-font-family, system-ui, 'Noto Sans', 'Noto Sans Devanagari', sans-serif);
    font-size: var(--furrow-font-size, 1rem);
    line-height: 1.5;
  }
  :host([hidden]) {
    display: none;
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  :focus-visible {
    outline: var(--_focus);
    outline-offset: 2px;
  }
  button,
  input,
  select,
  textarea {
    font: inherit;
    color: inherit;
  }
  .btn {
    min-height: 44px;
    padding: calc(var(--_space) * 1) calc(var(--_space) * 2);
    border-radius: var(--_radius);
    border: 1px solid var(--_primary);
    background: var(--_primary);
    color: var(--_on-primary);
    cursor: pointer;
    font-weight: 600;
  }
  .btn[disabled] {
    opacity: 0.6;
    cursor: not-allowed;
  }
  .btn.secondary {
    background: transparent;
    color: var(--_primary);
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    padding: 0;
    margin: -1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }
  .notice {
    padding: var(--_space) calc(var(--_space) * 1.5);
    border-radius: var(--_radius);
    border: 1px solid var(--_border);
    background: var(--_surface);
  }
  .notice.error {
    border-color: var(--_danger);
    color: var(--_danger);
  }
  .notice.warning {
    border-color: var(--_warning);
    color: var(--_warning);
  }
  @media (prefers-reduced-motion: reduce) {
    * {
      animation: none !important;
      transition: none !important;
    }
  }
`;
