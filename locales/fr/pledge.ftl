# pledge
