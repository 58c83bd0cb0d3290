namespace Quarry.Core.Readers.Ocr;

/// <summary>
/// An OCR engine that tells the <see cref="OcrOptions"/> it was set up with, so that readers which make images for it
/// (PDF pages rendered for OCR) use the same resolution, time bound and concurrency. Engines that do not say get the defaults.
/// </summary>
public interface IConfiguredOcrEngine : IOcrEngine
{
    OcrOptions Options { get; }
}
