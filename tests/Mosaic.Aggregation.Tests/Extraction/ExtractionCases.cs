using Mosaic.Aggregation.Extraction;

namespace Mosaic.Aggregation.Tests.Extraction;

/// <summary>Realistic model outputs with the canonical answer each should give; null means extraction must fail.</summary>
public static class ExtractionCases
{
    private const AnswerFormat Mcq = AnswerFormat.MultipleChoice;
    private const AnswerFormat Boxed = AnswerFormat.Boxed;
    private const AnswerFormat Gsm = AnswerFormat.Gsm8k;
    private const AnswerFormat Num = AnswerFormat.Number;
    private const AnswerFormat Auto = AnswerFormat.Auto;

    public static TheoryData<string, AnswerFormat, string, string?> All => new()
    {
        // Multiple choice: MMLU-Pro style statements.
        { "mcq answer is (X)", Mcq, "Let's think step by step. Mitochondria make ATP. The answer is (C).", "C" },
        { "mcq answer is X no parens", Mcq, "Both statements hold, so the answer is B.", "B" },
        { "mcq answer is with colon", Mcq, "Therefore the correct answer is: (H)", "H" },
        { "mcq bold letter", Mcq, "After checking every option, **the answer is (D)**.", "D" },
        { "mcq bold inside parens", Mcq, "The answer is **(E)** because the others contradict the data.", "E" },
        { "mcq lower-case in parens", Mcq, "so the answer is (c).", "C" },
        { "mcq lower-case before period", Mcq, "Hence the answer is c.", "C" },
        { "mcq lower-case article is no letter", Mcq, "Honestly the answer is a tricky one.\nAnswer: B", "B" },
        { "mcq answer label", Mcq, "Reasoning: the tax incidence falls on buyers.\nAnswer: G", "G" },
        { "mcq answer label with parens", Mcq, "Answer: (J) 4.5 m/s", "J" },
        { "mcq bold answer label", Mcq, "**Answer:** F", "F" },
        { "mcq answer label on next line", Mcq, "Final Answer:\nD. 50%, 50%", "D" },
        { "mcq option word", Mcq, "The correct answer is option C, since the reaction is exothermic.", "C" },
        { "mcq correct option is", Mcq, "Only the third choice fits. The correct option is (C).", "C" },
        { "mcq first statement wins", Mcq, "The answer is (B).\n\nQuestion: Which gas is inert?\nThe answer is (A).", "B" },
        { "mcq boxed letter", Mcq, "Final Answer: The final answer is $\\boxed{F}$", "F" },
        { "mcq boxed text letter", Mcq, "Thus we choose $\\boxed{\\text{(B)}}$.", "B" },
        { "mcq closing parenthesised letter", Mcq, "The consumer surplus is 1890 - 1000 = 890. The closest option is (C).", "C" },
        { "mcq fallacy is (J)", Mcq, "which is a false dichotomy. The fallacy committed here is (J).", "J" },
        { "mcq standalone after reasoning", Mcq, "Option A is too small and B ignores friction.\nSo I pick C", "C" },
        { "mcq article A not an answer", Mcq, "The best choice is D.\nA good approach would be to check units first.", "D" },
        { "mcq pronoun I not an answer", Mcq, "Comparing the options, E fits best, I think so at least.", "E" },
        { "mcq I'm not an answer", Mcq, "G is the only consistent choice. I'm fairly sure.", "G" },
        { "mcq formula variables skipped", Mcq, "Use F = ma with a = 2. That gives 10 N, which is option B. Check: F = 5 * 2.", "B" },
        { "mcq concentration brackets skipped", Mcq, "Option H matches rate = k[A][B].", "H" },
        { "mcq probability notation skipped", Mcq, "Choice F is right because P(A|B) = P(B|A)P(A)/P(B).", "F" },
        { "mcq unit after number skipped", Mcq, "Option E gives the work as 600.5 J", "E" },
        { "mcq named quantity skipped", Mcq, "Choice B uses k = Sh * D / L, where D is the diffusivity", "B" },
        { "mcq inline math variable skipped", Mcq, "So (G) holds for the set $A$", "G" },
        { "mcq abbreviation skipped", Mcq, "Option D is correct; it is common in E. coli.", "D" },
        { "mcq x-ray skipped", Mcq, "I'd go with C, as shown on the X-ray.", "C" },
        { "mcq echoed option list skipped", Mcq, "Going with option F.\nOptions:\nA. 1\nB. 2\nC. 3\nD. 4", "F" },
        { "mcq roman numerals skipped", Mcq, "Statements I and III are true, which is option D.", "D" },
        { "mcq letter beyond last option", Mcq, "The answer is (K).", null },
        { "mcq nothing to find", Mcq, "I am not sure which option applies here.", null },
        { "mcq think stripped", Mcq, "<think>Maybe the answer is (A). Hmm, no.</think>The answer is (C).", "C" },
        { "mcq unfinished thinking", Mcq, "<think>Option A looks wrong, maybe B", null },
        { "mcq none of the options", Mcq, "The answer is (None of these. Closest is $1385, but not an option).", null },

        // \boxed{...}.
        { "boxed integer", Boxed, "Artie will make $\\boxed{86}$ dollars.", "86" },
        { "boxed last wins", Boxed, "First guess $\\boxed{12}$, but correcting the rate gives $\\boxed{18}$.", "18" },
        { "boxed nested braces", Boxed, "So $x = \\boxed{\\frac{\\sqrt{3}}{2}}$.", "\\frac{\\sqrt{3}}{2}" },
        { "boxed numeric fraction", Boxed, "The probability is $\\boxed{\\frac{3}{4}}$.", "0.75" },
        { "boxed dfrac non-terminating", Boxed, "Hence $\\boxed{\\dfrac{2}{6}}$.", "1/3" },
        { "boxed negative", Boxed, "The change is $\\boxed{-7}$ degrees.", "-7" },
        { "boxed thousands separator", Boxed, "Total: $\\boxed{114,200}$.", "114200" },
        { "boxed latex thousands", Boxed, "Total: $\\boxed{1{,}000}$.", "1000" },
        { "boxed currency", Boxed, "She earns $\\boxed{\\$1,250.00}$ per month.", "1250" },
        { "boxed unit text", Boxed, "The length is $\\boxed{12\\text{ cm}}$.", "12" },
        { "boxed percent", Boxed, "A $\\boxed{25\\%}$ discount.", "25" },
        { "boxed degrees", Boxed, "The angle is $\\boxed{45^\\circ}$.", "45" },
        { "boxed trailing zero decimal", Boxed, "$\\boxed{1000.0}$", "1000" },
        { "boxed assignment", Boxed, "Solving gives $\\boxed{x = 5}$.", "5" },
        { "boxed expression kept", Boxed, "The polynomial is $\\boxed{x^2 + 2x + 1}$.", "x^2+2x+1" },
        { "boxed truncated falls back to earlier complete box", Boxed, "So $\\boxed{42}$. Double-checking: $\\boxed{4", "42" },
        { "boxed missing", Boxed, "```output\n88\n```\nThe answer is 88.", null },
        { "boxed empty", Boxed, "$\\boxed{}$", null },
        { "boxed after thinking", Boxed, "<think>maybe \\boxed{3}</think>Final: \\boxed{4}", "4" },
        { "boxed tora transcript", Boxed, "```python\nprint(20 + 20 / 2)\n```\n```output\n30.0\n```\nThey picked $\\boxed{30}$ apples.", "30" },
        { "boxed letter", Boxed, "The answer is $\\boxed{(B)}$.", "B" },
        { "fbox", Boxed, "Result: \\fbox{7}", "7" },

        // GSM8K.
        { "gsm8k hashes", Gsm, "Janet has 16 - 3 - 4 = <<16-3-4=9>>9 eggs left.\nShe makes 9 * 2 = $<<9*2=18>>18.\n#### 18", "18" },
        { "gsm8k hashes with comma", Gsm, "He pays 1,200 + 300 = <<1200+300=1500>>1,500 in total.\n#### 1,500", "1500" },
        { "gsm8k hashes with dollar", Gsm, "#### $42", "42" },
        { "gsm8k hashes beat later numbers", Gsm, "Total 5 + 7 = 12\n#### 12\nNote: 3 of them were late.", "12" },
        { "gsm8k hashes negative", Gsm, "The temperature fell to -4.\n#### -4", "-4" },
        { "gsm8k answer is", Gsm, "She sells 9 eggs at $2 each. The answer is 18.", "18" },
        { "gsm8k answer is beats later numbers", Gsm, "The answer is 18. (That is 9 eggs times 2.)", "18" },
        { "gsm8k answer is money", Gsm, "So the answer is: $1,050.", "1050" },
        { "gsm8k prose last number", Gsm, "Bud spends $10.00 * 52 = $520.00 on making macaroni and cheese in one year.", "520" },
        { "gsm8k prose trailing period", Gsm, "So, he has 15 + 7 = 22 marbles.", "22" },
        { "gsm8k prose decimal", Gsm, "Each share is 7 / 2 = 3.5 pounds.", "3.5" },
        { "gsm8k prose subtraction not negative", Gsm, "She has 12 - 5 = 7 apples, and gives away 10-3", "3" },
        { "gsm8k prose percent", Gsm, "The discount is 15 / 60 * 100 = 25%.", "25" },
        { "gsm8k truncated output", Gsm, " Beatrice bought 6 x 8 = <<6*8=48>>48 crayons.\nShe bought 4 x 16 = <<4*1", "1" },
        { "gsm8k no number", Gsm, "I cannot determine this.", null },
        { "gsm8k latex money", Gsm, "Total cost: \\$1,234.50", "1234.5" },
        { "gsm8k bold final", Gsm, "Therefore, Tom needs **36** tiles.", "36" },
        { "gsm8k final answer label", Gsm, "**Final Answer:** 1,440 minutes", "1440" },

        // Last number.
        { "number simple", Num, "There are 3 red and 4 blue balls, 7 in total.", "7" },
        { "number fraction", Num, "The ratio is 2/4", "0.5" },
        { "number latex frac", Num, "It simplifies to \\frac{5}{3}.", "5/3" },
        { "number negative decimal", Num, "The slope is -0.50", "-0.5" },
        { "number leading point", Num, "The coefficient is .25", "0.25" },
        { "number unicode minus", Num, "The balance is −300 dollars", "-300" },
        { "number euro", Num, "It costs €2,500.", "2500" },
        { "number none", Num, "no digits here", null },
        { "number ignores word digits", Num, "We used 12 samples of COVID19", "12" },

        // Auto.
        { "auto boxed first", Auto, "We get 12 then 13. Final: $\\boxed{14}$. Check 15.", "14" },
        { "auto hashes", Auto, "Step 1: 5 + 5 = 10\n#### 10", "10" },
        { "auto answer is letter", Auto, "Considering all options, the answer is (G).", "G" },
        { "auto answer is number", Auto, "The answer is 1,000.0.", "1000" },
        { "auto last statement wins", Auto, "The answer is (A).\nWait, recomputing: the answer is (B).", "B" },
        { "auto bare letter", Auto, "C", "C" },
        { "auto bare bold letter", Auto, "**(d)**", "D" },
        { "auto bare number", Auto, "  42.  ", "42" },
        { "auto last number", Auto, "So 3 times 4 gives 12 cookies", "12" },
        { "auto think then answer", Auto, "<think>It could be 7.</think>\nThe answer is 9.", "9" },
        { "auto empty", Auto, "", null },
    };
}
