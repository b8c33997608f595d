"""What every app may use and nothing of the domain: form widgets and display helpers.

The bottom layer of the import contract (pyproject.toml, [tool.importlinter]): it imports no app.
"""
