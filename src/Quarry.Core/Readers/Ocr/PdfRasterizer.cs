using System.ComponentModel;
using System.Globalization;

namespace Quarry.Core.Readers.Ocr;

/// <summary>
/// Renders single PDF pages to PNGs with poppler's <c>pdftoppm</c>, one page per process so memory does not grow with
/// the page count: grey for OCR, in colour for people (the dashboard's page images).
/// </summary>
public sealed class PdfRasterizer
{
    private readonly string _executable;
    private readonly TimeSpan _timeout;

    public PdfRasterizer(OcrOptions options)
        : this(options, "pdftoppm")
    {
    }

    /// <summary>Uses another executable than <c>pdftoppm</c> on the PATH (tests).</summary>
    internal PdfRasterizer(OcrOptions options, string executable)
    {
        ArgumentNullException.ThrowIfNull(options);
        _executable = executable;
        _timeout = TimeSpan.FromSeconds(options.PageTimeoutSeconds);
    }

    /// <summary>Renders page <paramref name="number"/> (1-based) of the PDF at <paramref name="pdfPath"/> at <paramref name="dpi"/> to <c><paramref name="outputPrefix"/>.png</c> and returns that path.</summary>
    public async Task<string> RenderAsync(string pdfPath, int number, int dpi, string outputPrefix, CancellationToken ct, bool gray = true)
    {
        var page = number.ToString(CultureInfo.InvariantCulture);
        // -singlefile: the output is PREFIX.png, not PREFIX-N.png with as many digits as the document has pages.
        List<string> arguments = ["-r", dpi.ToString(CultureInfo.InvariantCulture), "-f", page, "-l", page, "-png", "-singlefile", pdfPath, outputPrefix];
        if (gray)
            arguments.Insert(6, "-gray");
        CliResult result;
        try
        {
            result = await CliTool.RunAsync(_executable, arguments, _timeout, ct);
        }
        catch (Win32Exception e)
        {
            throw new DocumentReadException(DocumentErrorCodes.OcrUnavailable,
                $"OCR of PDF pages is not available: the program '{_executable}' could not be started ({e.Message}). Install it with: apt-get install poppler-utils", e);
        }
        catch (TimeoutException e)
        {
            throw new DocumentReadException(DocumentErrorCodes.FileTooLarge,
                $"OCR took too long: page {number} of the PDF was not rendered within {_timeout.TotalSeconds:0} seconds.", e);
        }

        var png = outputPrefix + ".png";
        if (result.ExitCode != 0 || !File.Exists(png))
            throw new DocumentReadException(DocumentErrorCodes.CorruptFile,
                $"Page {number} of the PDF could not be rendered for OCR: {result.StandardError.Trim()}");
        return png;
    }
}
