import { css } from 'lit';

/** Styles of `<furrow-lesson-player>`: outline beside the lesson on wide screens, above it on phones. */
export const styles = css`
  .layout {
    display: grid;
    gap: calc(var(--_space) * 2);
    grid-template-columns: minmax(0, 1fr);
  }
  @media (min-width: 48rem) {
    .layout {
      grid-template-columns: minmax(14rem, 18rem) minmax(0, 1fr);
    }
  }
  .outline {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    padding: var(--_space);
    align-self: start;
  }
  .section-title {
    font-size: 0.95em;
    margin: var(--_space) 0 calc(var(--_space) / 2);
  }
  .outline ol {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  .lesson:is(button) {
    display: grid;
    grid-template-columns: 1.5em 1fr;
    align-items: center;
    column-gap: calc(var(--_space) / 2);
    width: 100%;
    min-height: 44px;
    padding: calc(var(--_space) / 2) var(--_space);
    border: 0;
    border-radius: var(--_radius);
    background: transparent;
    text-align: start;
    cursor: pointer;
  }
  .lesson:is(button):hover {
    background: color-mix(in srgb, var(--_primary) 8%, var(--_surface));
  }
  .lesson.current {
    background: color-mix(in srgb, var(--_primary) 14%, var(--_surface));
    font-weight: 700;
  }
  .lesson-type {
    grid-column: 2;
    font-size: 0.8em;
    color: var(--_muted);
    font-weight: 400;
  }
  .mark.done {
    color: var(--_success);
    font-weight: 700;
  }
  h2 {
    margin: 0 0 var(--_space);
    font-size: 1.3em;
  }
  .frame {
    aspect-ratio: 16 / 9;
    background: #000;
    border-radius: var(--_radius);
    overflow: hidden;
    margin-bottom: var(--_space);
  }
  video,
  iframe {
    width: 100%;
    height: 100%;
    border: 0;
    display: block;
  }
  .poster {
    display: flex;
    flex-direction: column;
    align-items: center;
    justify-content: center;
    gap: var(--_space);
    width: 100%;
    aspect-ratio: 16 / 9;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: color-mix(in srgb, var(--_primary) 10%, var(--_surface));
    color: var(--_text);
    text-align: center;
    padding: var(--_space);
    margin-bottom: var(--_space);
    cursor: pointer;
  }
  .poster.static {
    cursor: default;
  }
  .play {
    font-size: 2.5em;
    color: var(--_primary);
  }
  .small,
  .muted {
    font-size: 0.875em;
    color: var(--_muted);
  }
  .prose {
    overflow-wrap: anywhere;
  }
  .prose a {
    color: var(--_primary);
  }
  .prose blockquote {
    margin: var(--_space) 0;
    padding-inline-start: calc(var(--_space) * 1.5);
    border-inline-start: 4px solid var(--_border);
  }
  .nav,
  .download {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space);
    align-items: center;
    margin-top: calc(var(--_space) * 2);
  }
  .nav {
    justify-content: space-between;
  }
  .download p {
    flex-basis: 100%;
    margin: 0;
  }
  .locked p {
    margin: 0 0 var(--_space);
  }
  .done-note {
    color: var(--_success);
    font-weight: 700;
  }
  .live:empty {
    display: none;
  }
  .skeleton {
    border-radius: var(--_radius);
    background: color-mix(in srgb, var(--_muted) 12%, var(--_surface));
  }
  .outline-sk {
    min-height: 16rem;
  }
  .main-sk {
    aspect-ratio: 16 / 9;
  }
`;
