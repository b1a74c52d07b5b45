// The incident table's columns, in the order COPY writes them: shared by the writers and the revisions.
export const INCIDENT_COLUMNS = [
  'source',
  'external_id',
  'occurred_at',
  'time_precision',
  'category',
  'raw_type',
  'lat',
  'lon',
  'cell',
  'district',
  'block',
  'origin',
  'batch_id',
] as const;

/** An incident's own columns: all but its source and the batch that stored it. */
export const STORED_COLUMNS = INCIDENT_COLUMNS.filter((c) => c !== 'source' && c !== 'batch_id');
