



{"v": "1.1", "did": "did:wba:example.com:agents:bob:k1_qwMWtZoK80kBGTBeGMQc0GAJtf8E6Nly-jgMMt0RCds", "nonce": "473552934d2101b26be5b17a18493a92", "timestamp": "2026-11-25T06:16:37Z", "verification_method": "key-1", "signature": "RHTK5EzoBrohHB3FzPmgIlWLks2QsqI6iAvXZ8r1zI7MSHuwoBq8wGNIsKaLW0W67MEw32But0k73IIHsYTIzQ"}