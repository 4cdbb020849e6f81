"""The sub-commands of `badgegen`, one module per command or per small group.

Each module gives, for each of its commands, an `add_<command>(sub, common, words)` that adds
its parser (help texts in `words`' language) with its handler as the `handler` default. A handler
takes the parsed arguments and returns the exit status; `cli.main()` lists the commands, in the
order `badgegen --help` shows them, and maps exceptions to exit codes.

Modules import only light things at the top: the build and everything under it (Jinja2, Pillow,
pyld, jsonschema…) is imported inside the handlers, so `--version` and `--help` answer at once.
"""
