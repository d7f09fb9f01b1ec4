using System.Text;
using CsvHelper;

namespace UnionOne.Modules.Members.Import.Reading;

/// <summary>
/// Streams a CSV file record by record with CsvHelper's reader (comma-separated, RFC 4180 quoting as Excel writes it).
/// Non-UTF-8 input (GB18030) is transcoded by the reader while reading.
/// </summary>
internal sealed class CsvRowSource(Stream stream, Encoding encoding) : IRowSource
{
    /// <summary>One record longer than this is refused (guards against an unclosed quote swallowing the file).</summary>
    private const int MaxRecordBytes = 1 << 20;

    public IEnumerable<SourceRow> ReadRows(CancellationToken ct)
    {
        var options = CsvReaderOptions.Default with
        {
            Separator = ',',
            HasHeader = false,
            SkipEmptyLines = false,
            TrimWhitespace = false,
            DetectSeparatorHint = false,
            MaxRecordSize = MaxRecordBytes,
            IncludeValuesInExceptions = false,
            Encoding = encoding.CodePage == Encoding.UTF8.CodePage ? null : encoding,
        };
        var row = new SourceRow();
        using var csv = CsvReader.Create(stream, options, leaveOpen: true);
        var rowNo = 0;
        while (csv.Read())
        {
            ct.ThrowIfCancellationRequested();
            row.Reset(++rowNo);
            var count = Math.Min(csv.FieldCount, SourceRow.MaxColumns);
            for (var i = 0; i < count; i++)
            {
                var value = csv.GetString(i);
                // A BOM the sniffer did not skip would stick to the first header.
                if (rowNo == 1 && i == 0 && value is { Length: > 0 } && value[0] == '\uFEFF') value = value[1..];
                row.Set(i, value);
            }
            yield return row;
        }
    }

    public void Dispose() { }
}
