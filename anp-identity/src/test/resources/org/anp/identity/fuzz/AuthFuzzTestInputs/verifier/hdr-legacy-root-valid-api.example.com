DIDWba v="1.1", did="did:wba:legacy.example.org", nonce="54bb0a0cc76f835d91229d55218cacfc", timestamp="2026-11-25T06:16:37Z", verification_method="key-1", signature="XBZlmD5e8wSr2f-2X50p4ZaWJ_zjTSOrLQZcm-5aDwLPkZ_VDxO6kUvmy1ZfIgv1d_Krjs2JIXa1DM1kwUrHhg"



