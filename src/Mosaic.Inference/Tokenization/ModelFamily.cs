namespace Mosaic.Inference.Tokenization;

/// <summary>Which chat template a model expects.</summary>
public enum ModelFamily
{
    /// <summary>No known family: role labels, <c>User: …\nAssistant: </c>.</summary>
    RoleLabels,

    /// <summary>Qwen2/Qwen2.5 ChatML: <c>&lt;|im_start|&gt;role\n…&lt;|im_end|&gt;\n</c>.</summary>
    Qwen2,

    /// <summary>DeepSeek-R1(-Distill): <c>&lt;｜User｜&gt;…&lt;｜Assistant｜&gt;&lt;think&gt;\n</c>.</summary>
    DeepSeekR1,

    /// <summary>Llama 3: header ids and <c>&lt;|eot_id|&gt;</c>.</summary>
    Llama3,
}
