# Django format module (FORMAT_MODULE_PATH = "core.formats"): Django's own `date` filter and
# form widgets print dates the way core.formats does.
from core.formats import DATE_FORMAT, DATETIME_FORMAT

__all__ = ["DATE_FORMAT", "DATETIME_FORMAT", "DECIMAL_SEPARATOR", "THOUSAND_SEPARATOR"]

DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
