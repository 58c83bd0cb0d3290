using Quarry.Core.Schemas;
using Quarry.Data;
using Quarry.Data.Stores;
using Quarry.Server.Results.Exports;

namespace Quarry.Server.Tests;

/// <summary>
/// Constant memory, shown without clocks or memory readings: 100,000 rows pass through each export, and the rows of
/// a page have all been sent before the next page is read, in writes far smaller than the whole. So what the export
/// holds at a time is one page, whatever the job's size.
/// </summary>
public sealed class ExportStreamingTests
{
    private const int Rows = 100_000;
    private const int PageSize = 500;

    private static readonly FieldDefinition[] Fields =
    [
        new("invoice_number", FieldType.String), new("total", FieldType.CurrencyAmount), new("date", FieldType.Date),
        new("paid", FieldType.Boolean), new("items", FieldType.Array),
    ];

    [Theory]
    [InlineData("csv")]
    [InlineData("xlsx")]
    [InlineData("ndjson")]
    public async Task A_hundred_thousand_rows_are_sent_page_by_page(string name)
    {
        var sink = new RecordingStream();
        var sentBeforePage = new List<long>();
        await ExportResult.WriteAsync(ExportFormat.Find(name)!, Fields, false, PagesAsync(sink, sentBeforePage), sink, default);

        Assert.Equal(Rows / PageSize, sentBeforePage.Count);
        Assert.Equal(0, sentBeforePage[0]);
        // Reading page k+1 starts only after page k's bytes left: the amount sent grows before every new page.
        for (var k = 1; k < sentBeforePage.Count; k++)
            Assert.True(sentBeforePage[k] > sentBeforePage[k - 1], $"Nothing was sent between pages {k} and {k + 1}.");
        Assert.True(sink.LargestWrite < 1 << 20, $"A single write of {sink.LargestWrite} bytes.");
        Assert.True(sink.Total > 50L * sink.LargestWrite, $"{sink.Total} bytes in writes of up to {sink.LargestWrite}.");
    }

    /// <summary>Rows made on demand, a page at a time, noting how much the export had sent when each page was asked for.</summary>
    private static async IAsyncEnumerable<IReadOnlyList<RowWithCells>> PagesAsync(RecordingStream sink, List<long> sentBeforePage)
    {
        for (var start = 0; start < Rows; start += PageSize)
        {
            sentBeforePage.Add(sink.Total);
            await Task.Yield();
            yield return Enumerable.Range(start, PageSize).Select(Row).ToList();
        }
    }

    private static RowWithCells Row(int i)
    {
        var id = Guid.NewGuid();
        var row = new RowRecord
        {
            Id = id, DocumentId = Guid.NewGuid(), Filename = $"invoice-{i}.pdf", Ordinal = i, Status = "approved",
            Confidence = 0.9, Flags = i % 7 == 0 ? """["low_confidence:total"]""" : "[]",
        };
        CellRecord Cell(string field, string json) => new() { RowId = id, Field = field, Value = json, Confidence = 0.91, Phase = "phase_1_resolve" };
        return new RowWithCells(row,
        [
            Cell("invoice_number", $"\"INV-{i:D6}\""), Cell("total", $"{i}.50"), Cell("date", "\"2024-10-01\""),
            Cell("paid", i % 2 == 0 ? "true" : "false"), Cell("items", $"[{{\"sku\":\"A{i}\",\"qty\":{i % 5}}}]"),
        ]);
    }

    private sealed class RecordingStream : Stream
    {
        public long Total { get; private set; }
        public long LargestWrite { get; private set; }

        public override void Write(byte[] buffer, int offset, int count) => Note(count);

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken ct)
        {
            Note(count);
            return Task.CompletedTask;
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken ct = default)
        {
            Note(buffer.Length);
            return ValueTask.CompletedTask;
        }

        private void Note(int count)
        {
            Total += count;
            LargestWrite = Math.Max(LargestWrite, count);
        }

        public override void Flush()
        {
        }

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => Total;
        public override long Position { get => Total; set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
