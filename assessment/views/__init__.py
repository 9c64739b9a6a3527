"""The assessment app's views, one module per feature: filling (the agency's side),
review, reports, insight. Shared fetch helpers: assessment/selectors.py."""
