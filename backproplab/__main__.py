"""``python -m backproplab``: the same as the ``backproplab`` command."""

import sys

from backproplab.cli import main

sys.exit(main())
