import { css } from 'lit';

/** Styles of `<furrow-checkout>`. */
export const styles = css`
  .card {
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: calc(var(--_space) * 2);
    display: grid;
    gap: var(--_space);
    max-width: 32rem;
    min-height: 12rem;
  }
  h2 {
    font-size: 1.2em;
    margin: 0;
    overflow-wrap: anywhere;
  }
  p {
    margin: 0;
  }
  .muted {
    color: var(--_muted);
  }
  .price {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: var(--_space);
  }
  s {
    color: var(--_muted);
  }
  .sale {
    font-size: 1.6em;
    font-weight: 700;
  }
  .currency {
    color: var(--_muted);
    font-size: 0.85em;
  }
  .discount {
    background: var(--_danger);
    color: var(--_surface);
    border-radius: 999px;
    padding: 0 var(--_space);
    font-weight: 600;
    font-size: 0.85em;
  }
  .btn {
    width: 100%;
    display: inline-flex;
    align-items: center;
    justify-content: center;
    text-decoration: none;
  }
  .test-mode {
    border: 2px dashed var(--_warning);
    color: var(--_warning);
    border-radius: var(--_radius);
    padding: calc(var(--_space) / 2) var(--_space);
  }
  .test-mode strong {
    background: var(--_warning);
    color: var(--_surface);
    padding: 0 calc(var(--_space) / 2);
    border-radius: 4px;
    letter-spacing: 0.05em;
  }
  .notice.ok {
    border-color: var(--_success);
    color: var(--_success);
  }
  .live:empty {
    display: none;
  }
  .live {
    display: grid;
    gap: var(--_space);
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
  .bone.title {
    height: 1.8em;
    width: 70%;
  }
  .bone.line {
    height: 1em;
    width: 40%;
  }
  .bone.price {
    height: 2.2em;
    width: 50%;
  }
  .bone.button {
    height: 44px;
  }
  @keyframes shimmer {
    to {
      background-position: -200% 0;
    }
  }
`;
