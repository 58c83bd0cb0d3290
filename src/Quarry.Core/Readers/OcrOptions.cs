namespace Quarry.Core.Readers;

/// <summary>How pages are OCRed: Tesseract languages (e.g. <c>eng+deu</c>), rasterisation resolution, a time bound per page, and how many pages at once (0: one per core).</summary>
public sealed record OcrOptions(string Languages = "eng", int Dpi = 300, int PageTimeoutSeconds = 120, int Concurrency = 0)
{
    public int EffectiveConcurrency => Concurrency > 0 ? Concurrency : Math.Max(1, Environment.ProcessorCount);
}
