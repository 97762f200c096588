using System.Globalization;
using System.Text;

namespace Mosaic.Zoo.Tasks;

/// <summary>
/// The target responses the experts are trained to write. Direct: "The answer is N." Reasoning: a column-by-column
/// scratchpad (digits from the right, carries and borrows spelled out, the partial result growing on the left), a
/// running maximum or a running count (each line carrying what is left to read), inside <c>&lt;think&gt;…&lt;/think&gt;</c>, then the same final line.
/// </summary>
internal static class ResponseWriter
{
    private static readonly string[] Places = ["ones", "tens", "hundreds", "thousands", "ten-thousands"];

    public static string Write(SkillQuestion question, ExpertSpec spec) =>
        Write(question, spec.DirectSkills.Contains(question.Skill) ? ResponseStyle.Direct : spec.Style);

    public static string Write(SkillQuestion question, ResponseStyle style) =>
        style == ResponseStyle.Direct ? Final(question.Answer) : $"<think>\n{Scratchpad(question)}</think>\n{Final(question.Answer)}";

    public static string Final(string answer) => $"The answer is {answer}.";

    public static string Scratchpad(SkillQuestion question) => question.Skill switch
    {
        Skills.Addition => Addition(question.Numbers[0], question.Numbers[1]),
        Skills.Subtraction => Subtraction(question.Numbers[0], question.Numbers[1]),
        Skills.Multiplication => Multiplication(question.Numbers[0], question.Numbers[1]),
        Skills.Maximum => Maximum(question.Numbers),
        Skills.Counting => Counting(question.Letters, question.Target),
        _ => throw new ArgumentException($"unknown skill '{question.Skill}'", nameof(question)),
    };

    private static string Addition(int a, int b)
    {
        var (x, y) = Aligned(a, b);
        var text = new StringBuilder($"{x} + {y}\n");
        var carry = 0;
        var result = "";
        for (var i = x.Length - 1; i >= 0; i--)
        {
            var sum = (x[i] - '0') + (y[i] - '0') + carry;
            result = (char)('0' + sum % 10) + result;
            text.Append($"{Places[x.Length - 1 - i]}: {x[i]}+{y[i]}+{carry}={sum} write {sum % 10} carry {sum / 10} so far {result}\n");
            carry = sum / 10;
        }

        if (carry > 0)
        {
            result = "1" + result;
            text.Append($"last carry so far {result}\n");
        }

        return text.ToString();
    }

    private static string Subtraction(int a, int b)
    {
        var (x, y) = Aligned(a, b);
        var text = new StringBuilder($"{x} - {y}\n");
        var borrow = 0;
        var result = "";
        for (var i = x.Length - 1; i >= 0; i--)
        {
            var difference = (x[i] - '0') - (y[i] - '0') - borrow;
            var next = difference < 0 ? 1 : 0;
            var digit = difference + 10 * next;
            result = (char)('0' + digit) + result;
            text.Append($"{Places[x.Length - 1 - i]}: {x[i]}-{y[i]}-{borrow} write {digit} borrow {next} so far {result}\n");
            borrow = next;
        }

        return text.ToString();
    }

    private static string Multiplication(int a, int d)
    {
        var x = a.ToString(CultureInfo.InvariantCulture);
        var text = new StringBuilder($"{x} * {d}\n");
        var carry = 0;
        var result = "";
        for (var i = x.Length - 1; i >= 0; i--)
        {
            var product = (x[i] - '0') * d + carry;
            result = (char)('0' + product % 10) + result;
            text.Append($"{Places[x.Length - 1 - i]}: {x[i]}*{d}+{carry}={product} write {product % 10} carry {product / 10} so far {result}\n");
            carry = product / 10;
        }

        if (carry > 0)
        {
            result = carry.ToString(CultureInfo.InvariantCulture) + result;
            text.Append($"last carry so far {result}\n");
        }

        return text.ToString();
    }

    // Each line carries the numbers still to compare, so the next one is always the first of the line above.
    private static string Maximum(IReadOnlyList<int> values)
    {
        var text = new StringBuilder();
        var best = values[0];
        text.Append($"best {best} rest {Rest(values, 1)}\n");
        for (var i = 1; i < values.Count; i++)
        {
            var keep = Math.Max(best, values[i]);
            text.Append($"{values[i]} vs {best} keep {keep} rest {Rest(values, i + 1)}\n");
            best = keep;
        }

        return text.ToString();
    }

    // Each line repeats the letter looked for, so the comparison needs only the letter at this position and the line above.
    private static string Counting(string letters, char target)
    {
        var text = new StringBuilder($"look for {target}\n");
        var count = 0;
        foreach (var letter in letters)
        {
            var match = letter == target;
            count += match ? 1 : 0;
            text.Append($"{letter} vs {target} {(match ? "yes" : "no")} count {count}\n");
        }

        return text.ToString();
    }

    private static string Rest(IReadOnlyList<int> values, int from) =>
        from >= values.Count ? "none" : string.Join(", ", values.Skip(from));

    private static (string X, string Y) Aligned(int a, int b)
    {
        var x = a.ToString(CultureInfo.InvariantCulture);
        var y = b.ToString(CultureInfo.InvariantCulture);
        var width = Math.Max(x.Length, y.Length);
        return (x.PadLeft(width, '0'), y.PadLeft(width, '0'));
    }
}
