import { css } from 'lit';

/** Styles of `<furrow-quiz>`. */
export const styles = css`
  h3 {
    margin: 0 0 var(--_space);
    font-size: 1.15em;
  }
  .facts {
    padding-inline-start: 1.2em;
    color: var(--_muted);
  }
  .question {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    padding: var(--_space) calc(var(--_space) * 1.5) calc(var(--_space) * 1.5);
    margin: 0 0 calc(var(--_space) * 1.5);
    min-width: 0;
  }
  legend,
  .legend {
    padding: 0;
    margin: 0 0 var(--_space);
    font-weight: 600;
  }
  .q-count {
    display: block;
    font-weight: 400;
    font-size: 0.875em;
    color: var(--_muted);
  }
  .q-text {
    display: block;
  }
  .option {
    display: flex;
    align-items: center;
    gap: var(--_space);
    min-height: 44px;
    padding: 0 var(--_space);
    border-radius: var(--_radius);
    cursor: pointer;
  }
  .option:has(input:checked) {
    background: color-mix(in srgb, var(--_primary) 12%, var(--_surface));
  }
  input[type='radio'] {
    width: 1.25em;
    height: 1.25em;
    accent-color: var(--_primary);
    margin: 0;
  }
  input[type='text'],
  textarea {
    width: 100%;
    min-height: 44px;
    padding: var(--_space);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
  }
  .nav {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space);
    justify-content: flex-end;
  }
  .timer {
    font-variant-numeric: tabular-nums;
    font-weight: 700;
    margin: 0 0 var(--_space);
  }
  .timer.low {
    color: var(--_warning);
  }
  .result {
    border: 2px solid var(--_border);
    border-radius: var(--_radius);
    padding: calc(var(--_space) * 1.5);
    margin-bottom: var(--_space);
    background: var(--_surface);
  }
  .result.pass {
    border-color: var(--_success);
  }
  .result.fail {
    border-color: var(--_danger);
  }
  .review {
    padding-inline-start: 1.2em;
  }
  .review p {
    margin: 2px 0;
  }
  .ok {
    color: var(--_success);
  }
  .bad {
    color: var(--_danger);
  }
  .muted {
    color: var(--_muted);
  }
  .skeleton {
    min-height: 12rem;
    border-radius: var(--_radius);
    background: color-mix(in srgb, var(--_muted) 12%, var(--_surface));
  }
  .notice p {
    margin: 0 0 var(--_space);
  }
`;
