"""Metrifox Account Inspector: look up a Metrifox customer and see everything Metrifox knows."""

import logging as _logging

__version__ = "0.1.0"
APP_NAME = "Metrifox Account Inspector"

# A library-style default: nothing is printed unless the app configures logging.
_logging.getLogger(__name__).addHandler(_logging.NullHandler())
