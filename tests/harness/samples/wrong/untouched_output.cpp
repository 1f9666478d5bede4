// leaves the output alone: the body (continuing the prompt) returns without writing z
    return;
}
