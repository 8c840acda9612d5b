from gateway.projections import main

main()
