from .csv import write_csv
from .pdf import write_pdf
from .xlsx import write_xlsx

WRITERS = {"xlsx": write_xlsx, "csv": write_csv, "pdf": write_pdf}
