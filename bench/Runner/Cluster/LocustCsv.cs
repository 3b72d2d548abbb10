using System.Globalization;
using System.Text;

namespace Lab.Bench.Cluster;

/// <summary>Reads the CSV files <c>locust --csv PREFIX</c> writes (Locust 2.12.1's columns, found by their
/// header names so that a reordered file still reads).</summary>
internal static class LocustCsv
{
    public static IReadOnlyList<LocustStatsRow> ReadStats(string path)
    {
        var (header, rows) = Read(path);
        int Column(string name) => Array.IndexOf(header, name) is var i and >= 0 ? i
            : throw new InvalidDataException($"{path}: no '{name}' column in {string.Join(",", header)}");
        // The percentile columns are the ones named like 50%, 99.9%, 100%.
        var percentiles = header.Select((h, i) => (h, i)).Where(c => c.h.EndsWith('%')).ToList();
        return rows.Select(r => new LocustStatsRow(
            r[Column("Type")], r[Column("Name")], Long(r[Column("Request Count")]), Long(r[Column("Failure Count")]),
            Double(r[Column("Requests/s")]), Double(r[Column("Average Response Time")]), Double(r[Column("Max Response Time")]),
            percentiles.ToDictionary(p => p.h, p => r[p.i] is "N/A" or "" ? double.NaN : Double(r[p.i])))).ToList();
    }

    public static IReadOnlyList<LocustFailure> ReadFailures(string path)
    {
        var (header, rows) = Read(path);
        int Column(string name) => Array.IndexOf(header, name) is var i and >= 0 ? i
            : throw new InvalidDataException($"{path}: no '{name}' column in {string.Join(",", header)}");
        return rows.Select(r => new LocustFailure(r[Column("Method")], r[Column("Name")], r[Column("Error")], Long(r[Column("Occurrences")]))).ToList();
    }

    private static (string[] Header, List<string[]> Rows) Read(string path)
    {
        var records = Records(File.ReadAllText(path)).ToList();
        if (records.Count == 0)
            throw new InvalidDataException($"{path} is empty: Locust wrote no header");
        return (records[0], records.Skip(1).Where(r => r.Length == records[0].Length).ToList());
    }

    /// <summary>RFC 4180 records as Python's csv module writes them: quoted fields may hold commas,
    /// doubled quotes and line breaks (an error text can hold any of them).</summary>
    private static IEnumerable<string[]> Records(string text)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                    quoted = false;
                else
                    field.Append(c);
            }
            else if (c == '"')
                quoted = true;
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else if (c is '\r' or '\n')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                    i++;
                fields.Add(field.ToString());
                field.Clear();
                yield return [.. fields];
                fields.Clear();
            }
            else
                field.Append(c);
        }
        if (field.Length > 0 || fields.Count > 0)
        {
            fields.Add(field.ToString());
            yield return [.. fields];
        }
    }

    private static long Long(string s) => long.Parse(s, CultureInfo.InvariantCulture);

    private static double Double(string s) => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);
}
