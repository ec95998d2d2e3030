/// Chat completion bodies for the fast decoder's tests.
enum FastJSONCorpus {
    /// Bodies the fast path must read itself, identically to `JSONDecoder`.
    static let fast: [String] = [
        // Shaped like the sim's (sorted keys, unescaped slashes), with and without llama.cpp timings.
        #"{"choices":[{"finish_reason":"stop","index":0,"message":{"content":"Let me think.\nStep 1: 3/4 of 12 is 9.\nSo the answer is \\boxed{9}.","role":"assistant"}}],"created":1714000000,"id":"chatcmpl-sim-0000000000000007","model":"sim-reasoner","object":"chat.completion","usage":{"completion_tokens":31,"prompt_tokens":58,"total_tokens":89}}"#,
        #"{"choices":[{"finish_reason":"length","index":0,"message":{"content":"First, x = 2.","role":"assistant"}},{"finish_reason":"stop","index":1,"message":{"content":"\\frac{1}{2} \u2192 0.5","role":"assistant"}}],"created":1714000001,"id":"chatcmpl-sim-1","model":"sim-reasoner","object":"chat.completion","timings":{"predicted_ms":12.5,"predicted_n":40,"prompt_n":58},"usage":{"completion_tokens":40,"prompt_tokens":58,"prompt_tokens_details":{"cached_tokens":32},"total_tokens":98}}"#,
        // OpenAI / vLLM shapes with extra keys to ignore.
        #"""
        {
          "id": "chatcmpl-abc", "object": "chat.completion", "created": 1714000002, "model": "gpt-x",
          "system_fingerprint": "fp_1", "service_tier": null, "prompt_logprobs": null, "kv_transfer_params": null,
          "choices": [{"index": 0, "message": {"role": "assistant", "content": "Hi", "refusal": null,
            "annotations": [], "audio": null, "tool_calls": [], "function_call": null, "reasoning_content": "hmm \"quoted\""},
            "logprobs": null, "finish_reason": "stop", "stop_reason": null}],
          "usage": {"prompt_tokens": 9, "completion_tokens": 1, "total_tokens": 10,
            "prompt_tokens_details": {"cached_tokens": 0, "audio_tokens": 0},
            "completion_tokens_details": {"reasoning_tokens": 0, "accepted_prediction_tokens": 0}}
        }
        """#,
        // Escapes of every kind, raw UTF-8, a surrogate pair, \u0000.
        #"{"choices":[{"index":0,"message":{"role":"assistant","content":"a\nb\"c\\d\/e\u00e9f\ud83d\ude00g\t\b\f\r é 😀 漢字 \u0041\u0000z"}}]}"#,
        // Numbers of every shape in ignored places; negatives and big values in read ones.
        #"{"choices":[{"index":-3,"message":{"role":"r","content":""},"x":[0,-0,1.5,-2.25e-3,1E+10,12345678901234567890123,1e400,-0.0]}],"created":-1700000000,"usage":{"prompt_tokens":999999999999999999,"completion_tokens":-5}}"#,
        // Nulls and missing optional fields take init(from:)'s defaults.
        #"{"id":null,"object":null,"created":null,"model":null,"choices":[{"index":0,"message":{"role":"assistant","content":null},"finish_reason":null,"logprobs":null}],"usage":null,"timings":null}"#,
        #"{"choices":[]}"#,
        #"{"choices":[{"index":0,"message":{"role":"assistant","content":"x"}}],"usage":{}}"#,
        #"{"choices":[{"index":0,"message":{"role":"assistant","content":"x"}}],"usage":{"prompt_tokens":3,"prompt_tokens_details":{}}}"#,
        #"{"choices":[{"index":0,"message":{"role":"assistant","content":"x"}}],"usage":{"prompt_tokens":3,"prompt_tokens_details":null,"total_tokens":null}}"#,
        #"{"choices":[{"index":0,"message":{"role":"assistant","content":"x"}}],"timings":{}}"#,
        // Unknown nested values, deep-ish, with strings holding structural characters.
        #"{"meta":{"a":[1,{"b":[[],{},"]}{,:"]},true,false,null],"c":{"d":{"e":{"f":"\u00e9\ud83d\ude00"}}}},"choices":[{"index":0,"extra":{"k":[null]},"message":{"role":"assistant","content":"ok","extra":[{"x":1}]}}]}"#,
        // Several choices; whitespace everywhere JSON allows it.
        " \t\r\n{ \"choices\" : [ { \"index\" : 0 , \"message\" : { \"role\" : \"assistant\" , \"content\" : \"a\" } } , { \"index\" : 1 , \"message\" : { \"role\" : \"assistant\" , \"content\" : \"b\" } , \"finish_reason\" : \"stop\" } , { \"index\" : 2 , \"message\" : { \"role\" : \"assistant\" , \"content\" : \"c\" } } ] } \n",
        // Duplicate keys inside ignored objects (JSONDecoder only sees them as data to skip).
        #"{"choices":[{"index":0,"message":{"role":"assistant","content":"x"}}],"meta":{"a":1,"a":2}}"#,
    ]

    /// Bodies the fast path must leave to `JSONDecoder` (which may decode them or fail).
    static let fallback: [String] = [
        #"{"choices":[{"index":0,"message":{"role":"assistant","content":"x"},"logprobs":{"content":[]}}]}"#,
        #"{"choices":[{"index":0,"message":{"role":"assistant","content":null,"tool_calls":[{"id":"c","type":"function","function":{"name":"f","arguments":"{}"}}]}}]}"#,
        #"{"choices":[{"index":0,"message":{"role":"assistant","content":[{"type":"text","text":"hi"}]}}]}"#,
        #"{"choices":[{"index":0,"message":{"role":"assistant"}}]}"#,
        #"{"choices":[{"index":0,"message":{"role":"assistant","content":"x"}}],"id":"a","id":"b"}"#,
        #"{"choices":[{"index":0,"message":{"role":"assistant","content":"x","content":"y"}}]}"#,
        #"{"choices":[{"index":0,"message":{"role":"assistant","content":"x"}}]} x"#,
        #"{"choices":[{"index":0,"message":{"role":"assistant","content":"x"}}],}"#,
        #"{"choices":[{"index":1.0,"message":{"role":"assistant","content":"x"}}]}"#,
        #"{"choices":[{"index":0,"message":{"role":"assistant","content":"x"}}],"created":1e3}"#,
        #"{"choices":[{"index":0,"message":{"role":"assistant","content":"x"}}],"created":"1"}"#,
        #"{"choices":[{"index":0,"message":{"role":"assistant","content":"x"}}],"created":12345678901234567890}"#,
        #"{"choices":[{"index":0,"message":{"role":"assistant","content":"\ud83d"}}]}"#,
        #"{"choices":[{"index":0,"message":{"role":"assistant","content":"\ude00"}}]}"#,
        #"{"choices":[{"index":0,"message":{"role":"assistant","content":"\x"}}]}"#,
        #"{"choi\u0063es":[{"index":0,"message":{"role":"assistant","content":"x"}}]}"#,
        #"{"choices":[{"index":0,"message":{"role":"assistant","content":"x"}}],"timings":{"predicted_n":1.5}}"#,
        #"{"choices":[{"index":0,"message":{"role":"assistant","content":"x"}}],"timings":[]}"#,
        #"{"choices":[{"index":0,"message":{"role":"assistant","content":"x"}}],"usage":{"prompt_tokens_details":{"cached_tokens":"1"}}}"#,
        #"{"choices":null}"#,
        #"{"id":"x"}"#,
        #"[]"#,
        "",
        #"{"choices":[{"index":0,"message":{"role":"assistant","content":"x"}}],"n":01}"#,
        #"{"choices":[{"index":0,"message":{"role":"assistant","content":"x"}}],"n":[1,]}"#,
        "{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"tab\there\"}}]}",
    ]
}
