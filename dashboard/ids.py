"""Component ids, defined once. Layouts and callbacks import these names."""

EVENT_COUNT = "event-count"
EVENT_LIST = "event-list"
DATASET_CAPTION = "dataset-caption"
