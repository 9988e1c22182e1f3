import { css } from 'lit';

/** Styles of `<furrow-course-catalog>`: a responsive grid, fixed-size cards (no layout shift). */
export const styles = css`
  .search {
    display: grid;
    gap: calc(var(--_space) / 2);
    margin-bottom: var(--_space);
  }
  label {
    font-weight: 600;
  }
  .hint {
    color: var(--_muted);
    font-size: 0.875em;
  }
  input,
  select {
    min-height: 44px;
    width: 100%;
    padding: 0 var(--_space);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
  }
  .filters {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(min(100%, 9.5rem), 1fr));
    gap: var(--_space);
    margin-bottom: calc(var(--_space) * 2);
  }
  .field {
    display: grid;
    gap: 2px;
    min-width: 0;
  }
  .grid {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(min(100%, 15rem), 1fr));
    gap: calc(var(--_space) * 1.5);
  }
  .cell {
    display: flex;
  }
  .card {
    flex: 1;
    display: flex;
    flex-direction: column;
    height: 19rem;
    padding: 0;
    overflow: hidden;
    text-align: start;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    cursor: pointer;
  }
  .card:hover {
    border-color: var(--_primary);
  }
  .thumb {
    display: flex;
    align-items: center;
    justify-content: center;
    flex: 0 0 6rem;
    font-size: 3rem;
    background: color-mix(in srgb, var(--_primary) 10%, var(--_surface));
  }
  .thumb img {
    width: 100%;
    height: 100%;
    object-fit: cover;
  }
  .body {
    display: flex;
    flex-direction: column;
    gap: calc(var(--_space) / 2);
    padding: var(--_space) calc(var(--_space) * 1.5);
    min-height: 0;
    flex: 1;
  }
  .title {
    font-weight: 700;
    line-height: 1.3;
    display: -webkit-box;
    -webkit-line-clamp: 2;
    -webkit-box-orient: vertical;
    overflow: hidden;
    min-height: 2.6em;
  }
  .meta {
    display: flex;
    flex-wrap: wrap;
    gap: 2px calc(var(--_space) * 1.5);
    color: var(--_muted);
    font-size: 0.875em;
  }
  .level {
    font-weight: 600;
  }
  .price {
    flex-basis: 100%;
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: var(--_space);
    margin-top: calc(var(--_space) / 2);
    font-size: 1.1em;
  }
  .sale {
    color: var(--_text);
    font-weight: 700;
  }
  s {
    color: var(--_muted);
  }
  .badge {
    font-size: 0.8em;
    font-weight: 700;
    color: var(--_warning);
    border: 1px solid currentColor;
    border-radius: 999px;
    padding: 0 var(--_space);
  }
  .skeleton {
    cursor: default;
  }
  .skeleton .thumb,
  .skeleton .bar {
    background: color-mix(in srgb, var(--_muted) 15%, var(--_surface));
    animation: pulse 1.4s ease-in-out infinite;
  }
  .bar {
    height: 1em;
    border-radius: 4px;
    margin-top: var(--_space);
  }
  .bar.short {
    width: 60%;
  }
  @keyframes pulse {
    50% {
      opacity: 0.5;
    }
  }
  .more,
  .empty {
    display: flex;
    flex-direction: column;
    align-items: center;
    gap: var(--_space);
    margin-top: calc(var(--_space) * 2);
  }
  .notice {
    margin: 0 0 var(--_space);
  }
  .notice p {
    margin: 0 0 var(--_space);
  }
`;
