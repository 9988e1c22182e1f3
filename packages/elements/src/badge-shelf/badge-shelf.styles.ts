import { css } from 'lit';

/** Styles of `<furrow-badge-shelf>`. */
export const styles = css`
  h2 {
    font-size: 1.25em;
    margin: 0 0 var(--_space);
  }
  h3 {
    font-size: 1.05em;
    margin: calc(var(--_space) * 2) 0 var(--_space);
  }
  p {
    margin: 0;
  }
  .muted {
    color: var(--_muted);
    font-weight: normal;
  }
  .count {
    font-size: 0.9em;
  }
  .strong {
    font-weight: 600;
  }
  dl,
  dd,
  ul {
    margin: 0;
    padding: 0;
  }
  ul {
    list-style: none;
  }
  .summary {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(9rem, 1fr));
    gap: var(--_space);
  }
  .stat {
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: var(--_space) calc(var(--_space) * 1.5);
    min-height: 4.5rem;
  }
  .stat dt {
    color: var(--_muted);
    font-size: 0.875em;
  }
  .big {
    font-size: 1.4em;
    font-weight: 700;
  }
  .breakdown {
    display: grid;
    gap: calc(var(--_space) / 2);
    max-width: 28rem;
  }
  .breakdown div {
    display: flex;
    justify-content: space-between;
    gap: var(--_space);
    border-bottom: 1px dashed var(--_border);
  }
  .breakdown dd {
    font-weight: 600;
  }
  .badges {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(10rem, 1fr));
    gap: var(--_space);
  }
  .badge {
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: var(--_space);
    display: flex;
    flex-direction: column;
    gap: calc(var(--_space) / 2);
  }
  .badge.earned {
    border-color: var(--_success);
    border-width: 2px;
  }
  .badge button {
    all: unset;
    box-sizing: border-box;
    cursor: pointer;
    display: grid;
    justify-items: center;
    text-align: center;
    gap: 2px;
    min-height: 44px;
    width: 100%;
    border-radius: var(--_radius);
    padding: 4px;
    color: var(--_text);
  }
  .badge button:focus-visible {
    outline: var(--_focus);
    outline-offset: 2px;
  }
  .badge .icon {
    font-size: 2rem;
    line-height: 1.2;
  }
  .badge.locked .icon {
    filter: grayscale(1);
    opacity: 0.6;
  }
  .badge .name {
    font-weight: 600;
    overflow-wrap: anywhere;
  }
  .badge .state,
  .progress-text {
    font-size: 0.85em;
    color: var(--_muted);
    text-align: center;
  }
  .badge.earned .state {
    color: var(--_success);
    font-weight: 600;
  }
  .bar {
    height: 8px;
    border-radius: 4px;
    background: var(--_border);
    overflow: hidden;
  }
  .bar span {
    display: block;
    height: 100%;
    background: var(--_primary);
  }
  .detail {
    border-top: 1px solid var(--_border);
    padding-top: calc(var(--_space) / 2);
    font-size: 0.9em;
  }
  .detail[hidden] {
    display: none;
  }
  .empty {
    display: flex;
    gap: var(--_space);
    align-items: center;
    padding: calc(var(--_space) * 1.5);
    margin-bottom: var(--_space);
    border: 1px dashed var(--_primary);
    border-radius: var(--_radius);
    background: var(--_surface);
  }
  .empty-icon {
    font-size: 2rem;
  }
  .certs {
    display: grid;
    gap: var(--_space);
  }
  .cert {
    display: flex;
    gap: var(--_space);
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: var(--_space) calc(var(--_space) * 1.5);
  }
  .cert .icon {
    font-size: 1.5rem;
  }
  a {
    color: var(--_primary);
    font-weight: 600;
    display: inline-flex;
    align-items: center;
    min-height: 44px;
  }
  .notice p {
    margin-bottom: var(--_space);
  }
  .bone {
    background: linear-gradient(90deg, var(--_border), var(--_surface), var(--_border));
    background-size: 200% 100%;
    animation: shimmer 1.2s linear infinite;
    border-radius: var(--_radius);
    opacity: 0.6;
  }
  .bone.card {
    height: 8.5rem;
  }
  .skeleton .badges {
    margin-top: calc(var(--_space) * 6);
  }
  @keyframes shimmer {
    to {
      background-position: -200% 0;
    }
  }
`;
