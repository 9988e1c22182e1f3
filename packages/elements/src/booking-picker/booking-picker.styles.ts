import { css } from 'lit';

/** Styles of `<furrow-booking-picker>`: a day list by default, a 7-column week when there is room. */
export const styles = css`
  :host {
    container-type: inline-size;
  }
  h2 {
    font-size: 1.25em;
    margin: 0 0 var(--_space);
  }
  h3 {
    font-size: 1em;
    margin: 0 0 calc(var(--_space) / 2);
  }
  p {
    margin: 0;
  }
  ul {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: calc(var(--_space) / 2);
  }
  .muted,
  .notes {
    color: var(--_muted);
  }
  .strong {
    font-weight: 600;
  }
  section {
    display: grid;
    gap: var(--_space);
  }
  .toolbar {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_space);
  }
  .week-label {
    font-weight: 600;
    flex: 1 1 8rem;
    text-align: center;
  }
  .tz {
    display: grid;
    gap: 2px;
    flex: 1 1 100%;
    font-size: 0.9em;
  }
  select,
  input,
  textarea {
    min-height: 44px;
    padding: calc(var(--_space) / 2) var(--_space);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    max-width: 100%;
  }
  textarea,
  input {
    width: 100%;
  }
  .week {
    display: grid;
    gap: var(--_space);
    min-height: 12rem;
  }
  .day {
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: var(--_space);
    min-width: 0;
  }
  .day.empty {
    display: none;
  }
  .week.loading .day {
    display: block;
  }
  .slot {
    width: 100%;
    min-height: 44px;
    display: grid;
    text-align: start;
    gap: 2px;
    padding: calc(var(--_space) / 2) var(--_space);
    border: 1px solid var(--_primary);
    border-radius: var(--_radius);
    background: var(--_surface);
    color: var(--_text);
    cursor: pointer;
  }
  .slot.chosen {
    background: var(--_primary);
    color: var(--_on-primary);
  }
  .slot.chosen .notes {
    color: inherit;
  }
  .slot .time {
    font-weight: 600;
  }
  .slot .notes {
    font-size: 0.85em;
    overflow: hidden;
    display: -webkit-box;
    -webkit-line-clamp: 2;
    -webkit-box-orient: vertical;
  }
  @container (min-width: 760px) {
    .week {
      grid-template-columns: repeat(7, minmax(0, 1fr));
    }
    .day.empty {
      display: block;
    }
    .tz {
      flex: 0 1 auto;
    }
  }
  .panel,
  .mine {
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: calc(var(--_space) * 1.5);
    display: grid;
    gap: var(--_space);
  }
  .panel {
    border: 2px solid var(--_primary);
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space);
  }
  .btn {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    text-decoration: none;
  }
  .btn.danger {
    background: var(--_danger);
    border-color: var(--_danger);
  }
  .booking {
    border-top: 1px solid var(--_border);
    padding-top: var(--_space);
    display: grid;
    gap: calc(var(--_space) / 2);
  }
  .status.pending {
    color: var(--_warning);
    font-weight: 600;
  }
  .status.confirmed {
    color: var(--_success);
    font-weight: 600;
  }
  .cancel {
    display: grid;
    gap: calc(var(--_space) / 2);
  }
  .cancel[hidden] {
    display: none;
  }
  .field-error {
    color: var(--_danger);
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
    padding: 0 4px;
    border-radius: 4px;
  }
  .notice.ok {
    border-color: var(--_success);
    color: var(--_success);
  }
  .live {
    display: grid;
    gap: var(--_space);
  }
  .notice p {
    margin-bottom: var(--_space);
  }
  .bone {
    height: 5rem;
    border-radius: var(--_radius);
    background: linear-gradient(90deg, var(--_border), var(--_surface), var(--_border));
    background-size: 200% 100%;
    animation: shimmer 1.2s linear infinite;
    opacity: 0.6;
  }
  @keyframes shimmer {
    to {
      background-position: -200% 0;
    }
  }
`;
