using System.Globalization;
using Mosaic.Inference.Prompting.Jinja.Syntax;

namespace Mosaic.Inference.Prompting.Jinja;

/// <summary>
/// Recursive-descent parser for the Jinja subset chat templates use, with Jinja's precedence (filters and tests
/// bind tighter than arithmetic; <c>not</c> looser than comparisons). Filters, tests, global functions and methods
/// are checked against what the interpreter implements, so an unsupported template fails when it is loaded.
/// </summary>
internal sealed class JinjaParser
{
    private static readonly HashSet<string> CompareOperators = ["==", "!=", "<", ">", "<=", ">="];
    private static readonly HashSet<string> UnsupportedTags =
        ["macro", "call", "filter", "include", "import", "from", "extends", "block", "raw", "with", "autoescape", "do"];

    private readonly IReadOnlyList<JinjaToken> tokens;
    private int position;

    private JinjaParser(IReadOnlyList<JinjaToken> tokens) => this.tokens = tokens;

    public static IReadOnlyList<JinjaNode> Parse(string source)
    {
        var parser = new JinjaParser(JinjaLexer.Tokenize(source));
        var (body, end) = parser.ParseBody([]);
        return end is null ? body : throw new JinjaException($"unexpected '{{% {end} %}}'", parser.Current.Line);
    }

    private JinjaToken Current => tokens[position];

    private JinjaToken Next() => tokens[position++];

    private JinjaToken Peek(int ahead = 1) => tokens[Math.Min(position + ahead, tokens.Count - 1)];

    /// <summary>Statements up to one of <paramref name="endTags"/> (consumed, its name returned) or the end of input.</summary>
    private (List<JinjaNode> Body, string? EndTag) ParseBody(IReadOnlyCollection<string> endTags)
    {
        var body = new List<JinjaNode>();
        while (true)
        {
            var token = Next();
            switch (token.Kind)
            {
                case JinjaTokenKind.End:
                    if (endTags.Count > 0)
                    {
                        throw new JinjaException($"missing '{{% {endTags.Last()} %}}'", token.Line);
                    }

                    return (body, null);
                case JinjaTokenKind.Text:
                    body.Add(new TextNode(token.Text, token.Line));
                    break;
                case JinjaTokenKind.VariableStart:
                    body.Add(new OutputNode(ParseExpression(), token.Line));
                    Expect(JinjaTokenKind.VariableEnd, "'}}'");
                    break;
                case JinjaTokenKind.BlockStart:
                    var name = Current.Kind == JinjaTokenKind.Name ? Current.Text : throw new JinjaException("expected a tag name after '{%'", Current.Line);
                    if (endTags.Contains(name))
                    {
                        Next();
                        return (body, name);
                    }

                    if (ParseStatement() is { } statement)
                    {
                        body.Add(statement);
                    }

                    break;
                default:
                    throw new JinjaException($"unexpected token '{token.Text}'", token.Line);
            }
        }
    }

    private JinjaNode? ParseStatement()
    {
        var tag = Next();
        switch (tag.Text)
        {
            case "if":
                return ParseIf(tag.Line);
            case "for":
                return ParseFor(tag.Line);
            case "set":
                return ParseSet(tag.Line);
            case "break" or "continue":
                Expect(JinjaTokenKind.BlockEnd, "'%}'");
                return new LoopControlNode(tag.Text == "break", tag.Line);
            case "generation" or "endgeneration":
                // Hugging Face's marker for assistant-token masks; it renders nothing.
                Expect(JinjaTokenKind.BlockEnd, "'%}'");
                return null;
            case var other when UnsupportedTags.Contains(other):
                throw new JinjaException($"the '{other}' tag is not supported", tag.Line);
            default:
                throw new JinjaException($"unknown tag '{tag.Text}'", tag.Line);
        }
    }

    private IfNode ParseIf(int line)
    {
        var condition = ParseExpression();
        Expect(JinjaTokenKind.BlockEnd, "'%}'");
        var (body, end) = ParseBody(["elif", "else", "endif"]);
        IReadOnlyList<JinjaNode> otherwise = [];
        if (end == "elif")
        {
            otherwise = [ParseIf(Current.Line)];
        }
        else if (end == "else")
        {
            Expect(JinjaTokenKind.BlockEnd, "'%}'");
            (otherwise, _) = ParseBody(["endif"]);
            Expect(JinjaTokenKind.BlockEnd, "'%}'");
        }
        else
        {
            Expect(JinjaTokenKind.BlockEnd, "'%}'");
        }

        return new IfNode(condition, body, otherwise, line);
    }

    private ForNode ParseFor(int line)
    {
        var targets = new List<string>();
        var parenthesized = Accept("(");
        do
        {
            targets.Add(ExpectName());
        }
        while (Accept(","));

        if (parenthesized)
        {
            ExpectOperator(")");
        }

        if (!Current.IsName("in"))
        {
            throw new JinjaException("expected 'in' in for loop", Current.Line);
        }

        Next();
        var iterable = ParseExpression(allowConditional: false);
        JinjaExpression? filter = null;
        if (Current.IsName("if"))
        {
            Next();
            filter = ParseExpression();
        }

        if (Current.IsName("recursive"))
        {
            throw new JinjaException("recursive loops are not supported", Current.Line);
        }

        Expect(JinjaTokenKind.BlockEnd, "'%}'");
        var (body, end) = ParseBody(["else", "endfor"]);
        Expect(JinjaTokenKind.BlockEnd, "'%}'");
        IReadOnlyList<JinjaNode> otherwise = [];
        if (end == "else")
        {
            (otherwise, _) = ParseBody(["endfor"]);
            Expect(JinjaTokenKind.BlockEnd, "'%}'");
        }

        return new ForNode(targets, iterable, filter, body, otherwise, line);
    }

    private JinjaNode ParseSet(int line)
    {
        var first = ExpectName();
        JinjaExpression target = new NameExpression(first, line);
        if (Accept("."))
        {
            target = new AttributeExpression(target, ExpectName(), line);
        }
        else if (Current.IsOperator(","))
        {
            var names = new List<JinjaExpression> { target };
            while (Accept(","))
            {
                names.Add(new NameExpression(ExpectName(), line));
            }

            target = new ListExpression(names, line);
        }

        if (Current.Kind == JinjaTokenKind.BlockEnd && target is NameExpression)
        {
            Next();
            var (body, _) = ParseBody(["endset"]);
            Expect(JinjaTokenKind.BlockEnd, "'%}'");
            return new SetBlockNode(first, body, line);
        }

        ExpectOperator("=");
        var value = ParseTupleOrExpression();
        Expect(JinjaTokenKind.BlockEnd, "'%}'");
        return new SetNode(target, value, line);
    }

    private JinjaExpression ParseTupleOrExpression()
    {
        var line = Current.Line;
        var first = ParseExpression();
        if (!Current.IsOperator(","))
        {
            return first;
        }

        var items = new List<JinjaExpression> { first };
        while (Accept(","))
        {
            items.Add(ParseExpression());
        }

        return new ListExpression(items, line);
    }

    private JinjaExpression ParseExpression(bool allowConditional = true)
    {
        var line = Current.Line;
        var expression = ParseOr();
        while (allowConditional && Current.IsName("if"))
        {
            Next();
            var condition = ParseOr();
            JinjaExpression? otherwise = null;
            if (Current.IsName("else"))
            {
                Next();
                otherwise = ParseExpression();
            }

            expression = new ConditionalExpression(condition, expression, otherwise, line);
        }

        return expression;
    }

    private JinjaExpression ParseOr()
    {
        var left = ParseAnd();
        while (Current.IsName("or"))
        {
            var line = Next().Line;
            left = new BinaryExpression("or", left, ParseAnd(), line);
        }

        return left;
    }

    private JinjaExpression ParseAnd()
    {
        var left = ParseNot();
        while (Current.IsName("and"))
        {
            var line = Next().Line;
            left = new BinaryExpression("and", left, ParseNot(), line);
        }

        return left;
    }

    private JinjaExpression ParseNot()
    {
        if (Current.IsName("not"))
        {
            var line = Next().Line;
            return new UnaryExpression("not", ParseNot(), line);
        }

        return ParseCompare();
    }

    private JinjaExpression ParseCompare()
    {
        var left = ParseMath1();
        JinjaExpression? chain = null;
        while (true)
        {
            var line = Current.Line;
            string op;
            if (Current.Kind == JinjaTokenKind.Operator && CompareOperators.Contains(Current.Text))
            {
                op = Next().Text;
            }
            else if (Current.IsName("in"))
            {
                Next();
                op = "in";
            }
            else if (Current.IsName("not") && Peek().IsName("in"))
            {
                position += 2;
                op = "not in";
            }
            else
            {
                return chain ?? left;
            }

            var right = ParseMath1();
            var comparison = new BinaryExpression(op, left, right, line);
            chain = chain is null ? comparison : new BinaryExpression("and", chain, comparison, line);
            left = right;
        }
    }

    private JinjaExpression ParseMath1()
    {
        var left = ParseConcat();
        while (Current.IsOperator("+") || Current.IsOperator("-"))
        {
            var token = Next();
            left = new BinaryExpression(token.Text, left, ParseConcat(), token.Line);
        }

        return left;
    }

    private JinjaExpression ParseConcat()
    {
        var left = ParseMath2();
        while (Current.IsOperator("~"))
        {
            var line = Next().Line;
            left = new BinaryExpression("~", left, ParseMath2(), line);
        }

        return left;
    }

    private JinjaExpression ParseMath2()
    {
        var left = ParsePow();
        while (Current.Kind == JinjaTokenKind.Operator && Current.Text is "*" or "/" or "//" or "%")
        {
            var token = Next();
            left = new BinaryExpression(token.Text, left, ParsePow(), token.Line);
        }

        return left;
    }

    private JinjaExpression ParsePow()
    {
        var left = ParseUnary(withFilter: true);
        while (Current.IsOperator("**"))
        {
            var line = Next().Line;
            left = new BinaryExpression("**", left, ParseUnary(withFilter: true), line);
        }

        return left;
    }

    private JinjaExpression ParseUnary(bool withFilter)
    {
        JinjaExpression node;
        if (Current.IsOperator("-") || Current.IsOperator("+"))
        {
            var token = Next();
            node = new UnaryExpression(token.Text, ParseUnary(withFilter: false), token.Line);
        }
        else
        {
            node = ParsePostfix(ParsePrimary());
        }

        return withFilter ? ParseFilterTail(node) : node;
    }

    private JinjaExpression ParsePrimary()
    {
        var token = Next();
        switch (token.Kind)
        {
            case JinjaTokenKind.Name:
                return token.Text switch
                {
                    "true" or "True" => new LiteralExpression(true, token.Line),
                    "false" or "False" => new LiteralExpression(false, token.Line),
                    "none" or "None" => new LiteralExpression(null, token.Line),
                    _ => new NameExpression(token.Text, token.Line),
                };
            case JinjaTokenKind.String:
                var text = token.Text;
                while (Current.Kind == JinjaTokenKind.String)
                {
                    text += Next().Text;
                }

                return new LiteralExpression(text, token.Line);
            case JinjaTokenKind.Integer:
                return new LiteralExpression(long.Parse(token.Text, CultureInfo.InvariantCulture), token.Line);
            case JinjaTokenKind.Float:
                return new LiteralExpression(double.Parse(token.Text, CultureInfo.InvariantCulture), token.Line);
            case JinjaTokenKind.Operator when token.Text == "(":
                if (Accept(")"))
                {
                    return new ListExpression([], token.Line);
                }

                var inner = ParseExpression();
                if (Current.IsOperator(","))
                {
                    var items = new List<JinjaExpression> { inner };
                    while (Accept(",") && !Current.IsOperator(")"))
                    {
                        items.Add(ParseExpression());
                    }

                    inner = new ListExpression(items, token.Line);
                }

                ExpectOperator(")");
                return inner;
            case JinjaTokenKind.Operator when token.Text == "[":
                var list = new List<JinjaExpression>();
                while (!Accept("]"))
                {
                    list.Add(ParseExpression());
                    if (!Current.IsOperator("]"))
                    {
                        ExpectOperator(",");
                    }
                }

                return new ListExpression(list, token.Line);
            case JinjaTokenKind.Operator when token.Text == "{":
                var entries = new List<KeyValuePair<JinjaExpression, JinjaExpression>>();
                while (!Accept("}"))
                {
                    var key = ParseExpression();
                    ExpectOperator(":");
                    entries.Add(new(key, ParseExpression()));
                    if (!Current.IsOperator("}"))
                    {
                        ExpectOperator(",");
                    }
                }

                return new DictExpression(entries, token.Line);
            default:
                throw new JinjaException($"unexpected {Describe(token)}", token.Line);
        }
    }

    private JinjaExpression ParsePostfix(JinjaExpression node)
    {
        while (true)
        {
            var line = Current.Line;
            if (Accept("."))
            {
                var name = Next();
                node = name.Kind switch
                {
                    JinjaTokenKind.Name => new AttributeExpression(node, name.Text, line),
                    JinjaTokenKind.Integer => new IndexExpression(node, new LiteralExpression(long.Parse(name.Text, CultureInfo.InvariantCulture), line), line),
                    _ => throw new JinjaException($"expected an attribute name after '.', got {Describe(name)}", line),
                };
            }
            else if (Accept("["))
            {
                node = ParseSubscript(node, line);
            }
            else if (Current.IsOperator("("))
            {
                node = ParseCall(node);
            }
            else
            {
                return node;
            }
        }
    }

    private JinjaExpression ParseSubscript(JinjaExpression target, int line)
    {
        JinjaExpression? start = null;
        if (!Current.IsOperator(":"))
        {
            start = ParseExpression();
            if (Accept("]"))
            {
                return new IndexExpression(target, start, line);
            }
        }

        ExpectOperator(":");
        JinjaExpression? stop = Current.IsOperator(":") || Current.IsOperator("]") ? null : ParseExpression();
        JinjaExpression? step = null;
        if (Accept(":") && !Current.IsOperator("]"))
        {
            step = ParseExpression();
        }

        ExpectOperator("]");
        return new SliceExpression(target, start, stop, step, line);
    }

    private JinjaExpression ParseFilterTail(JinjaExpression node)
    {
        while (true)
        {
            var line = Current.Line;
            if (Accept("|"))
            {
                var name = ExpectName();
                if (!JinjaFilters.Supports(name))
                {
                    throw new JinjaException($"the filter '{name}' is not supported", line);
                }

                var (args, keywords) = Current.IsOperator("(") ? ParseArguments() : ([], []);
                node = new FilterExpression(node, name, args, keywords, line);
            }
            else if (Current.IsName("is"))
            {
                Next();
                var negated = false;
                if (Current.IsName("not"))
                {
                    Next();
                    negated = true;
                }

                var name = ExpectName();
                if (!JinjaTests.Supports(name))
                {
                    throw new JinjaException($"the test '{name}' is not supported", line);
                }

                IReadOnlyList<JinjaExpression> args = [];
                if (Current.IsOperator("("))
                {
                    (args, _) = ParseArguments();
                }
                else if (StartsTestArgument(Current))
                {
                    args = [ParsePostfix(ParsePrimary())];
                }

                node = new TestExpression(node, name, args, negated, line);
            }
            else if (Current.IsOperator("("))
            {
                node = ParseCall(node);
            }
            else
            {
                return node;
            }
        }
    }

    private static bool StartsTestArgument(JinjaToken token) => token.Kind switch
    {
        JinjaTokenKind.Name => token.Text is not ("else" or "or" or "and"),
        JinjaTokenKind.String or JinjaTokenKind.Integer or JinjaTokenKind.Float => true,
        JinjaTokenKind.Operator => token.Text is "[" or "{",
        _ => false,
    };

    private CallExpression ParseCall(JinjaExpression callee)
    {
        var line = Current.Line;
        switch (callee)
        {
            case NameExpression { Name: var name } when !JinjaGlobals.Supports(name):
                throw new JinjaException($"the function '{name}' is not supported", line);
            case AttributeExpression { Name: var method } when !JinjaMethods.Supports(method):
                throw new JinjaException($"the method '{method}' is not supported", line);
        }

        var (args, keywords) = ParseArguments();
        return new CallExpression(callee, args, keywords, line);
    }

    private (IReadOnlyList<JinjaExpression> Arguments, IReadOnlyList<KeyValuePair<string, JinjaExpression>> Keywords) ParseArguments()
    {
        ExpectOperator("(");
        var args = new List<JinjaExpression>();
        var keywords = new List<KeyValuePair<string, JinjaExpression>>();
        while (!Accept(")"))
        {
            if (Current.IsOperator("*") || Current.IsOperator("**"))
            {
                throw new JinjaException("*args and **kwargs are not supported", Current.Line);
            }

            if (Current.Kind == JinjaTokenKind.Name && Peek().IsOperator("="))
            {
                var name = Next().Text;
                Next();
                keywords.Add(new(name, ParseExpression()));
            }
            else if (keywords.Count > 0)
            {
                throw new JinjaException("a positional argument follows a keyword argument", Current.Line);
            }
            else
            {
                args.Add(ParseExpression());
            }

            if (!Current.IsOperator(")"))
            {
                ExpectOperator(",");
            }
        }

        return (args, keywords);
    }

    private bool Accept(string op)
    {
        if (!Current.IsOperator(op))
        {
            return false;
        }

        position++;
        return true;
    }

    private void Expect(JinjaTokenKind kind, string what)
    {
        if (Current.Kind != kind)
        {
            throw new JinjaException($"expected {what}, got {Describe(Current)}", Current.Line);
        }

        position++;
    }

    private void ExpectOperator(string op)
    {
        if (!Accept(op))
        {
            throw new JinjaException($"expected '{op}', got {Describe(Current)}", Current.Line);
        }
    }

    private string ExpectName() =>
        Current.Kind == JinjaTokenKind.Name ? Next().Text : throw new JinjaException($"expected a name, got {Describe(Current)}", Current.Line);

    private static string Describe(JinjaToken token) => token.Kind switch
    {
        JinjaTokenKind.End => "the end of the template",
        JinjaTokenKind.VariableEnd => "'}}'",
        JinjaTokenKind.BlockEnd => "'%}'",
        JinjaTokenKind.Text => "text",
        JinjaTokenKind.String => $"string '{token.Text}'",
        _ => $"'{token.Text}'",
    };
}
