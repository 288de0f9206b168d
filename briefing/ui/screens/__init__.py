"""The reader's screens: the main reading screen and the dialogs over it."""
