"""A vector layer a thread opens for its own use (read a file, save a style), deleted by that same thread.

A QgsVectorLayer lives in the thread that made it. When Python frees it from another thread — an exception
raised while it was open keeps it in its traceback, and a job's exception is handed to the thread that waits
for the job — PyQt does not delete it there but posts its deletion to its own thread. A worker of the
loader's pool runs no event loop of its own: the layer is then deleted during some later request of that
worker, or when the thread ends at QGIS's exit, after GDAL's datasets were closed (a segmentation fault in
QgsOgrProviderUtils::release, seen at the end of a test run). `opened_layer` deletes it on the spot when its
block ends, whatever happened in it. The layer must not be added to a project inside the block.
"""

import contextlib

from qgis.core import QgsVectorLayer
from qgis.PyQt import sip


@contextlib.contextmanager
def opened_layer(uri, name, provider="ogr"):
    """`with opened_layer(uri, name) as layer:` a QgsVectorLayer, deleted by this thread when the block ends."""
    layer = QgsVectorLayer(uri, name, provider)
    try:
        yield layer
    finally:
        if not sip.isdeleted(layer) and sip.ispyowned(layer):  # a layer handed to a project is the project's
            sip.delete(layer)
