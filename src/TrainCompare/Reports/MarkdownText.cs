using System.Text;

namespace TrainCompare.Reports;

/// <summary>Text made safe for Markdown (GitHub's flavour): labels, file names and titles from the user.</summary>
public static class MarkdownText
{
    /// <summary>
    /// Escapes every character that could start inline Markdown or HTML, or make GitHub link or mention
    /// something (<c>#12</c>, <c>@user</c>, <c>$math$</c>): a label such as <c>a|b*c`d</c> or <c>&lt;img&gt;</c>
    /// shows as typed and cannot break a table. Line breaks become spaces. Callers never put escaped text at
    /// the start of a line, where list and heading markers would need escaping too.
    /// </summary>
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sb = new StringBuilder(text.Length + 8);
        foreach (char c in text)
        {
            switch (c)
            {
                case '\\' or '`' or '*' or '_' or '[' or ']' or '|' or '~' or '#' or '$' or '@':
                    sb.Append('\\').Append(c);
                    break;
                case '<':
                    sb.Append("&lt;");
                    break;
                case '>':
                    sb.Append("&gt;");
                    break;
                case '&':
                    sb.Append("&amp;");
                    break;
                case '\r' or '\n':
                    sb.Append(' ');
                    break;
                default:
                    sb.Append(c);
                    break;
            }
        }
        return sb.ToString();
    }

    /// <summary>A fenced code block whose fence is longer than any run of backticks in <paramref name="code"/>.</summary>
    public static string CodeBlock(string code, string language = "")
    {
        ArgumentNullException.ThrowIfNull(code);
        int longest = 0, run = 0;
        foreach (char c in code)
        {
            run = c == '`' ? run + 1 : 0;
            longest = Math.Max(longest, run);
        }
        string fence = new('`', Math.Max(3, longest + 1));
        return $"{fence}{language}\n{code}\n{fence}\n";
    }
}
