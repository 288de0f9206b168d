"""The reader: the Textual application behind a bare `briefing`.

Everything Textual lives below this package; the rest of `briefing` is the
headless core it reads from. Kept empty so `briefing.ui.launch` stays cheap.
"""
