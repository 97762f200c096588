using System.Text;
using Mosaic.Inference.Prompting.Jinja.Syntax;

namespace Mosaic.Inference.Prompting.Jinja;

/// <summary>Renders a parsed template: statements write to one buffer, expressions evaluate with Python semantics.</summary>
internal sealed class JinjaInterpreter(Func<DateTime> now)
{
    private enum Signal
    {
        None,
        Break,
        Continue,
    }

    private readonly StringBuilder output = new();

    public string Render(IReadOnlyList<JinjaNode> nodes, JinjaScope scope)
    {
        output.Clear();
        if (Execute(nodes, scope) != Signal.None)
        {
            throw new JinjaException("'break' or 'continue' outside a loop");
        }

        return output.ToString();
    }

    private Signal Execute(IReadOnlyList<JinjaNode> nodes, JinjaScope scope)
    {
        foreach (var node in nodes)
        {
            var signal = Execute(node, scope);
            if (signal != Signal.None)
            {
                return signal;
            }
        }

        return Signal.None;
    }

    private Signal Execute(JinjaNode node, JinjaScope scope)
    {
        try
        {
            switch (node)
            {
                case TextNode text:
                    output.Append(text.Text);
                    return Signal.None;
                case OutputNode print:
                    output.Append(JinjaValues.ToOutput(Evaluate(print.Value, scope)));
                    return Signal.None;
                case IfNode branch:
                    return Execute(JinjaValues.IsTruthy(Evaluate(branch.Condition, scope)) ? branch.Body : branch.Else, scope);
                case ForNode loop:
                    return ExecuteFor(loop, scope);
                case SetNode set:
                    Assign(set.Target, Evaluate(set.Value, scope), scope);
                    return Signal.None;
                case SetBlockNode block:
                    var saved = output.ToString();
                    output.Clear();
                    Execute(block.Body, scope);
                    var captured = output.ToString();
                    output.Clear().Append(saved);
                    scope.Set(block.Name, captured);
                    return Signal.None;
                case LoopControlNode control:
                    return control.IsBreak ? Signal.Break : Signal.Continue;
                default:
                    throw new JinjaException($"unknown statement {node.GetType().Name}", node.Line);
            }
        }
        catch (JinjaException e) when (e.Line == 0)
        {
            throw new JinjaException(e.Message, node.Line);
        }
    }

    private Signal ExecuteFor(ForNode loop, JinjaScope scope)
    {
        var items = JinjaValues.Iterate(Evaluate(loop.Iterable, scope)).ToList();
        if (loop.Filter is not null)
        {
            items = items.Where(item =>
            {
                var frame = new JinjaScope(scope);
                Bind(loop.Targets, item, frame);
                return JinjaValues.IsTruthy(Evaluate(loop.Filter, frame));
            }).ToList();
        }

        if (items.Count == 0)
        {
            return Execute(loop.Else, new JinjaScope(scope));
        }

        for (var i = 0; i < items.Count; i++)
        {
            var frame = new JinjaScope(scope);
            Bind(loop.Targets, items[i], frame);
            frame.Set("loop", new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["index"] = (long)(i + 1),
                ["index0"] = (long)i,
                ["revindex"] = (long)(items.Count - i),
                ["revindex0"] = (long)(items.Count - i - 1),
                ["first"] = i == 0,
                ["last"] = i == items.Count - 1,
                ["length"] = (long)items.Count,
                ["previtem"] = i > 0 ? items[i - 1] : new JinjaUndefined("previtem"),
                ["nextitem"] = i < items.Count - 1 ? items[i + 1] : new JinjaUndefined("nextitem"),
            });
            if (Execute(loop.Body, frame) == Signal.Break)
            {
                break;
            }
        }

        return Signal.None;
    }

    private static void Bind(IReadOnlyList<string> targets, object? item, JinjaScope frame)
    {
        if (targets.Count == 1)
        {
            frame.Set(targets[0], item);
            return;
        }

        var values = item as List<object?> ?? throw new JinjaException($"cannot unpack {JinjaValues.TypeName(item)} into {targets.Count} names");
        if (values.Count != targets.Count)
        {
            throw new JinjaException($"cannot unpack {values.Count} values into {targets.Count} names");
        }

        for (var i = 0; i < targets.Count; i++)
        {
            frame.Set(targets[i], values[i]);
        }
    }

    private void Assign(JinjaExpression target, object? value, JinjaScope scope)
    {
        switch (target)
        {
            case NameExpression name:
                scope.Set(name.Name, value);
                break;
            case AttributeExpression attribute:
                var owner = Evaluate(attribute.Target, scope) as JinjaNamespace
                    ?? throw new JinjaException("cannot assign an attribute of an object that is not a namespace", target.Line);
                owner.Attributes[attribute.Name] = value;
                break;
            case ListExpression names:
                Bind(names.Items.Select(n => ((NameExpression)n).Name).ToList(), value, scope);
                break;
            default:
                throw new JinjaException("invalid assignment target", target.Line);
        }
    }

    private object? Evaluate(JinjaExpression expression, JinjaScope scope)
    {
        switch (expression)
        {
            case LiteralExpression literal:
                return literal.Value;
            case NameExpression name:
                return scope.TryGet(name.Name, out var value) ? value : (object?)JinjaGlobals.Find(name.Name, now) ?? new JinjaUndefined(name.Name);
            case ListExpression list:
                return list.Items.Select(i => Evaluate(i, scope)).ToList();
            case DictExpression dict:
                var result = new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (var (key, item) in dict.Entries)
                {
                    result[Evaluate(key, scope) as string ?? throw new JinjaException("dictionary keys must be strings", key.Line)] = Evaluate(item, scope);
                }

                return result;
            case AttributeExpression attribute:
                return GetAttribute(Evaluate(attribute.Target, scope), attribute.Name, attribute.Line);
            case IndexExpression index:
                return GetItem(Evaluate(index.Target, scope), Evaluate(index.Index, scope), index.Line);
            case SliceExpression slice:
                return Slice(slice, scope);
            case CallExpression call:
                var callee = Evaluate(call.Callee, scope);
                if (callee is JinjaUndefined undefined)
                {
                    throw undefined.Error(call.Line);
                }

                var function = callee as JinjaCallable ?? throw new JinjaException($"{JinjaValues.TypeName(callee)} is not callable", call.Line);
                return function(
                    call.Arguments.Select(a => Evaluate(a, scope)).ToList(),
                    call.Keywords.ToDictionary(k => k.Key, k => Evaluate(k.Value, scope), StringComparer.Ordinal));
            case FilterExpression filter:
                return JinjaFilters.Apply(
                    filter.Name,
                    Evaluate(filter.Target, scope),
                    filter.Arguments.Select(a => Evaluate(a, scope)).ToList(),
                    filter.Keywords.ToDictionary(k => k.Key, k => Evaluate(k.Value, scope), StringComparer.Ordinal));
            case TestExpression test:
                return JinjaTests.Apply(test.Name, Evaluate(test.Target, scope), test.Arguments.Select(a => Evaluate(a, scope)).ToList()) != test.Negated;
            case UnaryExpression unary:
                var operand = Evaluate(unary.Operand, scope);
                return unary.Operator switch
                {
                    "not" => !JinjaValues.IsTruthy(operand),
                    "-" => operand is double d ? -d : (object)-JinjaValues.ToLong(operand),
                    _ => JinjaValues.IsNumber(operand) ? operand : throw new JinjaException($"bad operand for unary +: {JinjaValues.TypeName(operand)}", unary.Line),
                };
            case BinaryExpression binary:
                return EvaluateBinary(binary, scope);
            case ConditionalExpression conditional:
                return JinjaValues.IsTruthy(Evaluate(conditional.Condition, scope))
                    ? Evaluate(conditional.Then, scope)
                    : conditional.Else is null ? new JinjaUndefined("else") : Evaluate(conditional.Else, scope);
            default:
                throw new JinjaException($"unknown expression {expression.GetType().Name}", expression.Line);
        }
    }

    private static object? GetAttribute(object? target, string name, int line)
    {
        if (target is JinjaUndefined undefined)
        {
            throw undefined.Error(line);
        }

        if (JinjaMethods.Bind(target, name) is { } method)
        {
            return method;
        }

        return target switch
        {
            Dictionary<string, object?> d when d.TryGetValue(name, out var value) => value,
            JinjaNamespace ns when ns.Attributes.TryGetValue(name, out var value) => value,
            _ => new JinjaUndefined(name),
        };
    }

    private static object? GetItem(object? target, object? key, int line)
    {
        switch (target)
        {
            case JinjaUndefined undefined:
                throw undefined.Error(line);
            case Dictionary<string, object?> d:
                return key is string k && d.TryGetValue(k, out var value) ? value : new JinjaUndefined(JinjaValues.ToOutput(key));
            case JinjaNamespace ns:
                return key is string n && ns.Attributes.TryGetValue(n, out var attribute) ? attribute : new JinjaUndefined(JinjaValues.ToOutput(key));
            case List<object?> list when key is long or bool:
                var i = JinjaValues.ToLong(key);
                i = i < 0 ? i + list.Count : i;
                return i >= 0 && i < list.Count ? list[(int)i] : new JinjaUndefined($"[{JinjaValues.ToLong(key)}]");
            case string s when key is long or bool:
                var characters = JinjaValues.CodePoints(s);
                var j = JinjaValues.ToLong(key);
                j = j < 0 ? j + characters.Count : j;
                return j >= 0 && j < characters.Count ? characters[(int)j] : new JinjaUndefined($"[{JinjaValues.ToLong(key)}]");
            case string or List<object?>:
                throw new JinjaException($"indices must be integers, not {JinjaValues.TypeName(key)}", line);
            default:
                return key is string name ? GetAttribute(target, name, line) : new JinjaUndefined(JinjaValues.ToOutput(key));
        }
    }

    private object? Slice(SliceExpression slice, JinjaScope scope)
    {
        var target = Evaluate(slice.Target, scope);
        long? Bound(JinjaExpression? e) => e is null ? null : Evaluate(e, scope) is { } v and not JinjaUndefined ? JinjaValues.ToLong(v) : null;
        var (start, stop, step) = (Bound(slice.Start), Bound(slice.Stop), Bound(slice.Step));
        switch (target)
        {
            case List<object?> list:
                return JinjaValues.SliceIndices(list.Count, start, stop, step).Select(i => list[i]).ToList();
            case string s:
                var characters = JinjaValues.CodePoints(s);
                return string.Concat(JinjaValues.SliceIndices(characters.Count, start, stop, step).Select(i => (string)characters[i]!));
            case JinjaUndefined undefined:
                throw undefined.Error(slice.Line);
            default:
                throw new JinjaException($"{JinjaValues.TypeName(target)} cannot be sliced", slice.Line);
        }
    }

    private object? EvaluateBinary(BinaryExpression binary, JinjaScope scope)
    {
        var left = Evaluate(binary.Left, scope);
        switch (binary.Operator)
        {
            case "and":
                return JinjaValues.IsTruthy(left) ? Evaluate(binary.Right, scope) : left;
            case "or":
                return JinjaValues.IsTruthy(left) ? left : Evaluate(binary.Right, scope);
        }

        var right = Evaluate(binary.Right, scope);
        return binary.Operator switch
        {
            "~" => JinjaValues.ToOutput(left) + JinjaValues.ToOutput(right),
            "==" => JinjaValues.AreEqual(left, right),
            "!=" => !JinjaValues.AreEqual(left, right),
            "<" => JinjaValues.Compare(left, right) < 0,
            ">" => JinjaValues.Compare(left, right) > 0,
            "<=" => JinjaValues.Compare(left, right) <= 0,
            ">=" => JinjaValues.Compare(left, right) >= 0,
            "in" => JinjaValues.Contains(right, left),
            "not in" => !JinjaValues.Contains(right, left),
            "+" => Add(left, right),
            _ => Arithmetic(binary.Operator, left, right),
        };
    }

    private static object? Add(object? left, object? right) => (left, right) switch
    {
        (string a, string b) => a + b,
        (List<object?> a, List<object?> b) => a.Concat(b).ToList(),
        _ when JinjaValues.IsNumber(left) && JinjaValues.IsNumber(right) => Arithmetic("+", left, right),
        _ => throw new JinjaException($"unsupported operand types for +: {JinjaValues.TypeName(left)} and {JinjaValues.TypeName(right)}"),
    };

    private static object? Arithmetic(string op, object? left, object? right)
    {
        if (op == "*" && (left is string or List<object?>) && right is long or bool)
        {
            return Repeat(left, JinjaValues.ToLong(right));
        }

        if (!JinjaValues.IsNumber(left) || !JinjaValues.IsNumber(right))
        {
            throw new JinjaException($"unsupported operand types for {op}: {JinjaValues.TypeName(left)} and {JinjaValues.TypeName(right)}");
        }

        if (left is double || right is double || op == "/")
        {
            double a = JinjaValues.ToDouble(left), b = JinjaValues.ToDouble(right);
            if (b == 0 && op is "/" or "//" or "%")
            {
                throw new JinjaException("division by zero");
            }

            return op switch
            {
                "+" => a + b,
                "-" => a - b,
                "*" => a * b,
                "/" => a / b,
                "//" => Math.Floor(a / b),
                "%" => a - (b * Math.Floor(a / b)),
                _ => Math.Pow(a, b),
            };
        }

        long x = JinjaValues.ToLong(left), y = JinjaValues.ToLong(right);
        if (y == 0 && op is "//" or "%")
        {
            throw new JinjaException("division by zero");
        }

        return op switch
        {
            "+" => x + y,
            "-" => x - y,
            "*" => x * y,
            "//" => (long)Math.Floor((double)x / y),
            "%" => ((x % y) + y) % y,
            _ => y >= 0 ? (object)(long)Math.Pow(x, y) : Math.Pow(x, y),
        };
    }

    private static object Repeat(object? sequence, long count) => sequence switch
    {
        string s => string.Concat(Enumerable.Repeat(s, (int)Math.Max(0, count))),
        List<object?> list => Enumerable.Repeat(list, (int)Math.Max(0, count)).SelectMany(l => l).ToList(),
        _ => throw new JinjaException("cannot repeat"),
    };
}
