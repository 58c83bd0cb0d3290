using System.Globalization;
using ExcelDataReader;
using ExcelDataReader.Exceptions;
using Quarry.Core.Documents;

namespace Quarry.Core.Readers;

/// <summary>
/// Legacy Excel workbooks (XLS, BIFF 2–8) with ExcelDataReader: one page per sheet, each sheet one table whose rows
/// are also lines, as <see cref="XlsxReader"/> does. Every OLE compound file comes here ("ole"); the ones that are no
/// workbook (Word .doc, Outlook .msg, PowerPoint .ppt) end with unsupported_format, password-protected ones (an
/// encrypted .xls, or any encrypted OOXML document, which is an OLE container) with encrypted_file.
/// </summary>
public sealed class XlsReader : IDocumentReader
{
    private const string What = "XLS workbook";

    /// <summary>Excel's widest grid (XFD); BIFF itself stops at 256 columns.</summary>
    private const int MaxColumns = 16_384;

    // ExcelDataReader decodes old workbooks with their code page (Windows-1252 and others), which .NET only knows
    // once the code-pages provider is registered; it needs it even for XLSX.
    static XlsReader() => LegacyEncodings.Register();

    public bool CanRead(SniffResult type) => type.Kind == "ole";

    public Task<DocumentContent> ReadAsync(Stream file, ReadContext context, CancellationToken ct)
    {
        var limits = context.Limits;
        IExcelDataReader reader;
        try
        {
            reader = ExcelReaderFactory.CreateReader(file, new ExcelReaderConfiguration
            {
                LeaveOpen = true,
                FallbackEncoding = LegacyEncodings.Windows1252,
            });
        }
        catch (Exception e) when (IsLibraryFailure(e))
        {
            throw Classify(e, opening: true);
        }

        using (reader)
        {
            try
            {
                return Task.FromResult(Read(reader, limits, ct));
            }
            catch (Exception e) when (IsLibraryFailure(e))
            {
                throw Classify(e, opening: false);
            }
        }
    }

    private static DocumentContent Read(IExcelDataReader reader, ReaderLimits limits, CancellationToken ct)
    {
        if (reader.ResultsCount > limits.MaxPages)
            throw new DocumentReadException(DocumentErrorCodes.PageLimitExceeded,
                string.Create(CultureInfo.InvariantCulture, $"The XLS workbook has {reader.ResultsCount} sheets; the limit is {limits.MaxPages}."));
        var layout = new TextLayout(limits, What);
        var budget = new CellBudget(limits, What);
        do
        {
            layout.NewPage(reader.Name);
            var grid = new SheetGrid(budget, limits, What);
            var row = 0;
            while (reader.Read())
            {
                ct.ThrowIfCancellationRequested();
                var columns = Math.Min(reader.FieldCount, MaxColumns);
                for (var c = 0; c < columns; c++)
                {
                    if (reader.GetValue(c) is { } value)
                        grid.Add(row, c, Text(value, reader, c));
                }
                row++;
            }
            layout.AddTable(grid.ToRows());
        }
        while (reader.NextResult());
        return layout.Build();
    }

    /// <summary>ExcelDataReader already turns date-formatted numbers into <see cref="DateTime"/>; the rest is formatted as in XLSX.</summary>
    private static string Text(object value, IExcelDataReader reader, int column) => value switch
    {
        string s => s.Trim(),
        double d => SpreadsheetFormat.Number(d, reader.GetNumberFormatIndex(column), reader.GetNumberFormatString(column)),
        int i => i.ToString(CultureInfo.InvariantCulture),
        bool b => SpreadsheetFormat.Boolean(b),
        DateTime t => SpreadsheetFormat.Date(t, reader.GetNumberFormatIndex(column), reader.GetNumberFormatString(column)),
        TimeSpan ts => ts.ToString("c", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    private static bool IsLibraryFailure(Exception e) =>
        e is not (OperationCanceledException or DocumentReadException or OutOfMemoryException);

    /// <summary>
    /// ExcelDataReader tells encryption by type (<see cref="InvalidPasswordException"/>: it tried the default password
    /// and failed) and "no workbook in this compound file" by a plain <see cref="ExcelReaderException"/> at open.
    /// </summary>
    private static DocumentReadException Classify(Exception e, bool opening) => e switch
    {
        InvalidPasswordException => new(DocumentErrorCodes.EncryptedFile,
            "The file is password-protected (encrypted) and cannot be opened without its password.", e),
        HeaderException or CompoundDocumentException => new(DocumentErrorCodes.CorruptFile,
            $"The OLE compound file is damaged: {e.Message}", e),
        ExcelReaderException when opening => new(DocumentErrorCodes.UnsupportedFormat,
            $"The OLE compound file holds no Excel workbook (it may be a Word .doc, a PowerPoint .ppt or an Outlook .msg, which are not supported): {e.Message}", e),
        _ => new(DocumentErrorCodes.CorruptFile, $"The {What} could not be read: {e.Message}", e),
    };
}
