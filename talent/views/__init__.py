"""The talent app's views, one module per feature: periods (the grid, calibration, export),
records, succession, report. Shared fetch helpers: talent/selectors.py."""
