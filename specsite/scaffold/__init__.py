"""``specsite new DIR``: a small working project to start from.

A feature package: it may import the engine (``specsite.engine``) and nothing
from other feature packages. The project it writes lives in ``project/`` as
plain files, so what a new author gets is what they can read here.
"""

from . import new as new  # registers the command
