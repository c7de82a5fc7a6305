/**
 * The session area's words in English: what the lab's session tells the page
 * (src/ui/session-messages.ts makes them) and the lab tab's own lines. A
 * frame holds its reason by i18next's nesting, `$t({{reason}})`: the
 * reason's key, its values beside the frame's.
 */
export const session = {
  run: {
    skipped: '{{method}} did not start: $t(session.run.skipReason).',
    skipReason: "the run whose first part it shares ended before SWA's start (epoch {{start}})",
    diverged: '{{method}} diverged: $t({{reason}}). Its last weights with a finite loss are kept.',
    failed: '{{method}} failed: $t({{reason}})',
  },
  save: {
    full: 'Could not save the run in this browser: this browser\'s storage for the lab is full ({{name}}). The run stays on this page: "Export run (JSON)" keeps it as a file.',
    failed: 'Could not save the run in this browser: {{detail}}. The run stays on this page: "Export run (JSON)" keeps it as a file.',
  },
  deviceLost: 'The GPU device was lost ({{detail}}). Finished runs are kept; continuing on {{backend}}.',
  liveRejected: 'Change not applied to {{method}}: $t({{reason}})',
  error: {
    init: 'The worker failed while starting: $t({{reason}})',
    train: 'The worker failed while training: $t({{reason}})',
    analyze: 'The worker failed while analysing a solution: $t({{reason}})',
    surface: 'The worker failed while computing the loss surface: $t({{reason}})',
    other: 'The worker failed: $t({{reason}})',
    crashed: 'The compute worker crashed: {{detail}}',
  },
  /** What went wrong, inside a frame above: a kind the page knows, with its values, or the error's own (English) text. */
  reason: {
    detail: '{{detail}}',
    lossBecame: 'its training loss became {{value}}',
    weightsBecame: 'its weights became {{value}}',
    dataOffline:
      'dataset file {{file}} could not be read ({{file}} is not stored on this device and the network did not answer ({{detail}}); connect once to fetch it)',
    dataUnreadable: 'dataset file {{file}} could not be read ({{detail}})',
    dataMissing: 'dataset file {{file}} is missing; run `npm run data` to rebuild it',
    finite: '{{name}} must be a finite number, got {{value}}',
    integer: '{{name}} must be an integer, got {{value}}',
    choice: '{{name}} must be one of {{options}}, got {{value}}',
    range: '{{name}} must be {{op}} {{bound}}, got {{value}}',
    swaStart: 'swa.start must come before the end of training (step {{total}}), got step {{step}}',
    noSteps: 'epochs × steps per epoch must give at least one step, got {{epochs}} × {{steps}}',
  },
  tab: {
    fixFields: 'Fix the fields marked in red to start.',
    dismiss: 'Dismiss',
    longTasks: 'Page-thread tasks over 50 ms while training: {{training}} (longest {{longest}} ms); in all since the last start: {{all}}.',
    longTasksUnsupported: 'Page-thread long tasks are not measurable in this browser.',
  },
} as const;
