



{"v": "1.1", "did": "did:wba:alice.example.com", "nonce": "9a6d62179a8889d2f4f3778557c9b391", "timestamp": "2026-11-25T06:16:37Z", "verification_method": "key-1", "signature": "jFNN8aKKqcmtkLWLHjrKuJvSBIyRWEXi77bBk_hYWz5v7OCYf9Pn2kPir15Husz-RB2xE-AtMsnhLAbPzPN8Aw"}