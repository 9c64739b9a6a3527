"""Project-level tools every app uses: PDF rendering, Indonesian dates, spreadsheets we
write (formula-safe) and download responses. core imports no app of ours."""
