REM policypack: DOCX -> tagged PDF inside one LibreOffice start.
REM
REM Installed by generator/docx/lo_macro.py into policypack's own LibreOffice
REM profile (never the user's) and run as macro:///Standard.PolicyPack.ConvertFolder.
REM It converts every .docx file of the folder whose file URL is POLICYPACK_PDF_FOLDER_URL
REM into a PDF beside it, with the same export options as
REM --convert-to 'pdf:writer_pdf_Export:{UseTaggedPDF, PDFUACompliance}', but
REM first updates each contents list so that the PDF shows the page of every
REM heading (--convert-to prints the list as stored, without page numbers).
REM A document it cannot convert gets a line in errors.txt and no PDF; the
REM caller checks every PDF.  LibreOffice is always told to quit at the end.

Option Explicit

Private sFolderUrl As String

Sub ConvertFolder
    Dim sName As String, aNames() As String, n As Long, i As Long
    On Error Goto Finish
    sFolderUrl = Environ("POLICYPACK_PDF_FOLDER_URL")
    n = -1
    sName = Dir(sFolderUrl & "/", 0)
    Do While sName <> ""
        If LCase(Right(sName, 5)) = ".docx" Then
            n = n + 1
            ReDim Preserve aNames(n)
            aNames(n) = sName
        End If
        sName = Dir()
    Loop
    For i = 0 To n
        ' A document gone from the folder means the run that made it has ended
        ' (killed, and its folder cleaned up): write nothing more for it.
        If Not FileExists(sFolderUrl & "/" & aNames(i)) Then Exit For
        ConvertOne(aNames(i), Left(aNames(i), Len(aNames(i)) - 5) & ".pdf")
    Next i
Finish:
    StarDesktop.terminate()
End Sub

Sub ConvertOne(sIn As String, sOut As String)
    Dim oDoc As Object, oIndexes As Object, i As Long
    On Error Goto Failed
    ' Hidden, and the document's own macros never run.
    oDoc = StarDesktop.loadComponentFromURL(sFolderUrl & "/" & sIn, "_blank", 0, _
        Array(Prop("Hidden", True), Prop("MacroExecutionMode", 0), Prop("UpdateDocMode", 0)))
    If IsNull(oDoc) Then
        Report(sIn, "LibreOffice could not open it")
        Exit Sub
    End If
    If HasUnoInterfaces(oDoc, "com.sun.star.text.XDocumentIndexesSupplier") Then
        oIndexes = oDoc.getDocumentIndexes()
        For i = 0 To oIndexes.getCount() - 1
            TabAfterNumber(oDoc, oIndexes.getByIndex(i))
            oIndexes.getByIndex(i).update()
        Next i
    End If
    If Not FileExists(sFolderUrl & "/" & sIn) Then
        oDoc.close(True)  ' as above: storing would make the removed folder again
        Exit Sub
    End If
    oDoc.storeToURL(sFolderUrl & "/" & sOut, Array(Prop("FilterName", "writer_pdf_Export"), _
        Prop("FilterData", CreateUnoValue("[]com.sun.star.beans.PropertyValue", _
            Array(Prop("UseTaggedPDF", True), Prop("PDFUACompliance", True))))))
    oDoc.close(True)
    Exit Sub
Failed:
    Report(sIn, Error$ & " (Basic error " & Err & ")")
    If Not IsNull(oDoc) Then oDoc.close(True)
End Sub

Sub Report(sName As String, sWhy As String)
    Dim nFile As Integer
    nFile = FreeFile
    Open sFolderUrl & "/errors.txt" For Append As #nFile
    Print #nFile, sName & ": " & sWhy
    Close #nFile
End Sub

REM The contents lines policypack writes put a tab between a heading's number
REM and its text, to the first left tab stop of the line's style (toc 1,
REM toc 2); the lines LibreOffice makes when it updates the list put a space
REM there.  So each level's entry pattern gets that tab stop before updating.
Sub TabAfterNumber(oDoc As Object, oIndex As Object)
    Dim oFormat As Object, nLevel As Long, t As Long, k As Long, aLevel, nStop As Long
    oFormat = oIndex.LevelFormat
    For nLevel = 1 To oFormat.getCount() - 1
        nStop = FirstLeftTab(oDoc, oIndex.getPropertyValue("ParaStyleLevel" & nLevel))
        If nStop < 0 Then GoTo NextLevel
        aLevel = oFormat.getByIndex(nLevel)
        For t = 0 To UBound(aLevel) - 1
            If TokenType(aLevel(t)) = "TokenEntryNumber" And TokenType(aLevel(t + 1)) = "TokenEntryText" Then
                ReDim Preserve aLevel(UBound(aLevel) + 1)
                For k = UBound(aLevel) To t + 2 Step -1
                    aLevel(k) = aLevel(k - 1)
                Next k
                aLevel(t + 1) = Array(Prop("TokenType", "TokenTabStop"), Prop("TabStopRightAligned", False), _
                    Prop("TabStopPosition", nStop), Prop("TabStopFillCharacter", " "), Prop("WithTab", True))
                ' A Basic array is no UNO sequence until it is given its type.
                oFormat.replaceByIndex(nLevel, CreateUnoValue("[][]com.sun.star.beans.PropertyValue", aLevel))
                Exit For
            End If
        Next t
NextLevel:
    Next nLevel
    oIndex.LevelFormat = oFormat
End Sub

Function FirstLeftTab(oDoc As Object, sStyle As String) As Long
    Dim oStyles As Object, aStops, s As Long
    FirstLeftTab = -1
    oStyles = oDoc.StyleFamilies.getByName("ParagraphStyles")
    If sStyle = "" Then Exit Function
    If Not oStyles.hasByName(sStyle) Then Exit Function
    aStops = oStyles.getByName(sStyle).ParaTabStops
    For s = 0 To UBound(aStops)
        If aStops(s).Alignment = com.sun.star.style.TabAlign.LEFT Then
            FirstLeftTab = aStops(s).Position
            Exit Function
        End If
    Next s
End Function

Function TokenType(aToken) As String
    Dim p As Long
    TokenType = ""
    For p = 0 To UBound(aToken)
        If aToken(p).Name = "TokenType" Then TokenType = aToken(p).Value
    Next p
End Function

Function Prop(sName As String, vValue) As com.sun.star.beans.PropertyValue
    Dim oValue As New com.sun.star.beans.PropertyValue
    oValue.Name = sName
    oValue.Value = vValue
    Prop = oValue
End Function
